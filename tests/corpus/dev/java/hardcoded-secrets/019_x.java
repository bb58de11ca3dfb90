package com.clinicq.notifications.sms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends appointment reminders through the Textwave SMS gateway.
 */
@ApplicationScoped
public class TextwaveSmsSender implements SmsSender {

    private static final URI SEND_ENDPOINT = URI.create("https://api.textwave.net/v3/messages");
    private static final String ACCOUNT_ID = "AC-clinicq-prod";
    private static final String API_KEY = "tw_live_8f3Kq2VzL9mXc4RbN7pJ1sYdT6hG0wEa";
    private static final String SENDER_ID = "ClinicQ";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public record Message(String from, String to, String body) {}

    @Override
    public void send(String e164Number, String text) throws IOException, InterruptedException {
        if (!e164Number.matches("\\+[1-9]\\d{6,14}")) {
            throw new IllegalArgumentException("phone number must be in E.164 format");
        }
        String payload = json.writeValueAsString(new Message(SENDER_ID, e164Number, text));

        HttpRequest request = HttpRequest.newBuilder(SEND_ENDPOINT)
                .header("Content-Type", "application/json")
                .header("X-Account", ACCOUNT_ID)
                .header("Authorization", "Bearer " + API_KEY)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();

        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("SMS gateway rejected message: HTTP " + response.statusCode());
        }
    }
}
