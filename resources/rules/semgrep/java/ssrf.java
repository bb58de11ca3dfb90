package com.example.proxy;

import java.io.InputStream;
import java.net.*;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

@RestController
@RequestMapping("/api/preview")
public class LinkPreviewController {
    private static final Set<String> ALLOWED_HOSTS = Set.of("images.example.com", "cdn.example.com");
    private static final String INVENTORY_API = "https://inventory.internal.example.com";
    private final RestTemplate restTemplate = new RestTemplate();
    private final WebClient webClient;

    public LinkPreviewController(WebClient webClient) {
        this.webClient = webClient;
    }

    @GetMapping
    public String preview(@RequestParam("url") String url) {
        // ruleid: java-ssrf
        return restTemplate.getForObject(url, String.class);
    }

    @GetMapping("/checked")
    public String previewChecked(@RequestParam("url") String url) {
        URI uri = URI.create(url);
        if (!"https".equals(uri.getScheme()) || !ALLOWED_HOSTS.contains(uri.getHost())) {
            throw new IllegalArgumentException("host not allowed");
        }
        // ok: java-ssrf
        return restTemplate.getForObject(uri, String.class);
    }

    @GetMapping("/item/{id}")
    public String item(@PathVariable String id) {
        // ok: java-ssrf
        return restTemplate.getForObject(INVENTORY_API + "/items/" + id, String.class);
    }

    @GetMapping("/image")
    public byte[] image(@RequestParam String src) throws Exception {
        URL u = new URL(src);
        // ruleid: java-ssrf
        try (InputStream in = u.openStream()) {
            return in.readAllBytes();
        }
    }

    @GetMapping("/image-fixed")
    public byte[] imageFixed(@RequestParam String name) throws Exception {
        URL u = new URL("https://images.example.com/thumbs/" + name);
        // ok: java-ssrf
        try (InputStream in = u.openStream()) {
            return in.readAllBytes();
        }
    }

    @PostMapping("/webhook-test")
    public String webhook(@RequestBody WebhookConfig cfg) {
        // ruleid: java-ssrf
        return webClient.post().uri(cfg.getCallbackUrl()).retrieve().bodyToMono(String.class).block();
    }

    @GetMapping("/user/{id}")
    public String user(@PathVariable String id) {
        // ok: java-ssrf
        return webClient.get().uri("/users/{id}", id).retrieve().bodyToMono(String.class).block();
    }
}

@RestController
class FeedFetchController {
    private static final Set<String> FEED_HOSTS = Set.of("feeds.example.org", "news.example.net");
    private final RestTemplate rest = new RestTemplate();

    @PostMapping("/api/feeds/fetch")
    public ResponseEntity<String> fetch(@RequestParam("feed") String feed) {
        URI uri = URI.create(feed);
        if (!isPermittedFeed(uri)) {
            return ResponseEntity.badRequest().build();
        }
        // A guard in a helper: the rules do not read helper bodies, and names are not trusted.
        // todook: java-ssrf
        return ResponseEntity.ok(rest.getForObject(uri, String.class));
    }

    @PostMapping("/api/feeds/fetch-logged")
    public ResponseEntity<String> fetchLogged(@RequestParam("feed") String feed) {
        URI uri = URI.create(feed);
        if (!isPermittedFeed(uri)) {
            System.err.println("unexpected feed host");
        }
        // ruleid: java-ssrf
        return ResponseEntity.ok(rest.getForObject(uri, String.class));
    }

    @PostMapping("/api/feeds/fetch-throw")
    public ResponseEntity<String> fetchThrow(@RequestParam("feed") String feed) {
        URI uri = URI.create(feed);
        if (!this.isPermittedFeed(uri)) throw new IllegalArgumentException("feed host not allowed");
        // A guard in a helper: the rules do not read helper bodies, and names are not trusted.
        // todook: java-ssrf
        return ResponseEntity.ok(rest.getForObject(uri, String.class));
    }

    private boolean isPermittedFeed(URI uri) {
        return "https".equals(uri.getScheme()) && FEED_HOSTS.contains(uri.getHost());
    }
}

@RestController
class PreviewController {
    private static final Set<String> PREVIEW_HOSTS = Set.of("cdn.example.net", "img.example.org");
    private final RestTemplate rest = new RestTemplate();

    @GetMapping("/preview")
    public String preview(@RequestParam String page) {
        URI u = URI.create(page);
        if (!hostPermitted(u)) {
            return "refused";
        }
        // ok: java-ssrf
        return rest.getForObject(u, String.class);
    }

    @GetMapping("/preview-logged")
    public String previewLogged(@RequestParam String page) {
        URI u = URI.create(page);
        if (!hostPermitted(u)) {
            System.out.println("unexpected host");
        }
        // ruleid: java-ssrf
        return rest.getForObject(u, String.class);
    }

    @GetMapping("/preview-throw")
    public String previewThrow(@RequestParam String page) {
        URI u = URI.create(page);
        if (!hostPermitted(u)) throw new IllegalArgumentException("host");
        // ok: java-ssrf
        return rest.getForObject(u, String.class);
    }

    private boolean hostPermitted(URI u) {
        return u.getHost() != null && PREVIEW_HOSTS.contains(u.getHost());
    }
}

@Service
class FeedReader {
    private static final Set<String> FEED_HOSTS = Set.of("feeds.example.com");
    private final HttpClient client = HttpClient.newHttpClient();

    public String read(String feedUrl) throws Exception {
        URI uri = URI.create(feedUrl);
        // ruleid: java-ssrf-method-parameter
        HttpRequest req = HttpRequest.newBuilder(uri).GET().build();
        return client.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    public String readChecked(String feedUrl) throws Exception {
        URI uri = URI.create(feedUrl);
        if (!"https".equals(uri.getScheme()) || !FEED_HOSTS.contains(uri.getHost())) {
            throw new IllegalArgumentException("feed host not allowed");
        }
        // ok: java-ssrf-method-parameter
        HttpRequest req = HttpRequest.newBuilder(uri).GET().build();
        return client.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    public String readFixed(String feedUrl) throws Exception {
        // ok: java-ssrf-method-parameter
        HttpRequest req = HttpRequest.newBuilder(URI.create("https://feeds.example.com/rss")).GET().build();
        return client.send(req, HttpResponse.BodyHandlers.ofString()).body() + feedUrl.length();
    }

    private String readInternal(String feedUrl) throws Exception {
        // ok: java-ssrf-method-parameter
        return new RestTemplate().getForObject(feedUrl, String.class);
    }
}
