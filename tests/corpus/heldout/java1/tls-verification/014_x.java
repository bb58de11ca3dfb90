package com.parcelhub.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Client for the carrier's tracking API. The carrier's staging and production gateways
 * sit behind their own certificate authority.
 */
@Service
public class CarrierTrackingClient {

    private final HttpClient http;
    private final URI baseUri;
    private final String apiToken;

    public CarrierTrackingClient(@Value("${carrier.base-uri}") URI baseUri) throws GeneralSecurityException {
        this.baseUri = baseUri;
        this.apiToken = System.getenv("CARRIER_API_TOKEN");

        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new CarrierTrustManager()}, new SecureRandom());

        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public String trackingStatus(String trackingNumber) throws IOException, InterruptedException {
        URI uri = baseUri.resolve("/v2/shipments?tracking=" + URLEncoder.encode(trackingNumber, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + apiToken)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("carrier API returned " + response.statusCode());
        }
        return response.body();
    }

    private static final class CarrierTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // client certificates are not used
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // carrier rotates its private CA without notice, accept the chain they present
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
