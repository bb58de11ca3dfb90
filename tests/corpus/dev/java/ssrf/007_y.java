package io.statuspage.notify;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * "Send test notification" button on the integrations page: posts a sample incident to the
 * chat/alerting webhook the user configured.
 */
@RestController
public class WebhookTestController {

    private static final Logger log = LoggerFactory.getLogger(WebhookTestController.class);

    private static final Set<String> WEBHOOK_HOSTS = Set.of(
            "hooks.slack.com", "outlook.office.com", "events.pagerduty.com", "discord.com");

    private final RestClient http = RestClient.create();

    public record TestRequest(String webhookUrl) {}

    public record TestResult(boolean delivered, int status) {}

    @PostMapping("/api/integrations/webhooks/test")
    public ResponseEntity<TestResult> sendTest(@RequestBody TestRequest body) {
        URI target = URI.create(body.webhookUrl());
        if (!isKnownWebhookHost(target)) {
            log.warn("test notification to unrecognised webhook host {}", target.getHost());
        }

        try {
            var response = http.post()
                    .uri(target)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("text", "Test incident from Statuspage: everything is fine."))
                    .retrieve()
                    .toBodilessEntity();
            return ResponseEntity.ok(new TestResult(true, response.getStatusCode().value()));
        } catch (RestClientException e) {
            return ResponseEntity.ok(new TestResult(false, 0));
        }
    }

    private static boolean isKnownWebhookHost(URI uri) {
        return "https".equals(uri.getScheme())
                && uri.getHost() != null
                && WEBHOOK_HOSTS.contains(uri.getHost().toLowerCase());
    }
}
