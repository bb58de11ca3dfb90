package io.podcastly.media;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
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

    enum Target {
        MP3("mp3", "libmp3lame"),
        OGG("ogg", "libvorbis"),
        AAC("m4a", "aac");

        final String extension;
        final String codec;

        Target(String extension, String codec) {
            this.extension = extension;
            this.codec = codec;
        }
    }

    @ConfigProperty(name = "media.library")
    java.nio.file.Path library;

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
        Target target = switch (format == null ? "mp3" : format.toLowerCase()) {
            case "mp3" -> Target.MP3;
            case "ogg" -> Target.OGG;
            case "aac", "m4a" -> Target.AAC;
            default -> throw new WebApplicationException(Response.Status.BAD_REQUEST);
        };
        int kbps = bitrateKbps <= 0 ? 128 : Math.min(bitrateKbps, 320);

        java.nio.file.Path output = library.resolve(episodeId + "." + target.extension);
        List<String> command = List.of("ffmpeg", "-y", "-loglevel", "error",
                "-i", source.toString(),
                "-c:a", target.codec,
                "-b:a", kbps + "k",
                output.toString());

        Process ffmpeg = new ProcessBuilder(command)
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
