package com.parcelhub.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Client for the carrier's tracking API. The carrier's staging and production gateways
 * sit behind their own certificate authority, whose root we ship in a trust store.
 */
@Service
public class CarrierTrackingClient {

    private final HttpClient http;
    private final URI baseUri;
    private final String apiToken;

    public CarrierTrackingClient(@Value("${carrier.base-uri}") URI baseUri,
                                 @Value("${carrier.truststore}") Path trustStorePath)
            throws GeneralSecurityException, IOException {
        this.baseUri = baseUri;
        this.apiToken = System.getenv("CARRIER_API_TOKEN");

        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStorePath)) {
            trustStore.load(in, System.getenv("CARRIER_TRUSTSTORE_PASSWORD").toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);

        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, tmf.getTrustManagers(), null);

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
}
