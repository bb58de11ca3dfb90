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
