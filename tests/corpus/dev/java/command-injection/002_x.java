package io.podcastly.media;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/episodes/{episodeId}/transcode")
@ApplicationScoped
public class TranscodeResource {

    @ConfigProperty(name = "media.library")
    java.nio.file.Path library;

    private static final Map<String, String> EXTENSIONS = Map.of("mp3", "mp3", "ogg", "ogg", "adts", "aac", "ipod", "m4a");

    public record TranscodeResult(String file, long bytes) {}

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public TranscodeResult transcode(@PathParam("episodeId") UUID episodeId,
                                     @QueryParam("format") String format,
                                     @QueryParam("bitrate") int bitrateKbps) throws IOException, InterruptedException {
        java.nio.file.Path source = library.resolve(episodeId + ".wav");
        if (!Files.exists(source)) {
            throw new WebApplicationException(Response.Status.NOT_FOUND);
        }
        String target = format == null || format.isBlank() ? "mp3" : format;
        int kbps = bitrateKbps <= 0 ? 128 : Math.min(bitrateKbps, 320);

        String extension = EXTENSIONS.getOrDefault(target.toLowerCase(), "bin");
        java.nio.file.Path output = library.resolve(episodeId + "." + extension);
        String command = String.format("ffmpeg -y -loglevel error -i %s -b:a %dk -f %s %s",
                source, kbps, target, output);

        Process ffmpeg = new ProcessBuilder("bash", "-c", command)
                .redirectErrorStream(true)
                .start();
        ffmpeg.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!ffmpeg.waitFor(5, TimeUnit.MINUTES) || ffmpeg.exitValue() != 0) {
            ffmpeg.destroyForcibly();
            throw new WebApplicationException("transcoding failed", Response.Status.BAD_GATEWAY);
        }
        return new TranscodeResult(output.getFileName().toString(), Files.size(output));
    }
}
