package com.quickledger.fx;

import java.io.IOException;
import java.math.BigDecimal;
import java.security.GeneralSecurityException;
import java.util.Map;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactoryBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Pulls daily reference exchange rates from the treasury provider.
 */
@Component
public class ExchangeRateClient implements AutoCloseable {

    private final CloseableHttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final String endpoint;

    public ExchangeRateClient(@Value("${fx.endpoint}") String endpoint) throws GeneralSecurityException {
        this.endpoint = endpoint;
        // JVM default trust store plus default hostname verification; TLS 1.2+ only
        var sslContext = SSLContextBuilder.create()
                .setProtocol("TLS")
                .build();
        var socketFactory = SSLConnectionSocketFactoryBuilder.create()
                .setSslContext(sslContext)
                .setTlsVersions("TLSv1.3", "TLSv1.2")
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setSSLSocketFactory(socketFactory)
                        .build())
                .build();
    }

    public Map<String, BigDecimal> latest(String baseCurrency) throws IOException {
        if (baseCurrency == null || !baseCurrency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("ISO 4217 currency code expected");
        }
        HttpGet get = new HttpGet(endpoint + "/v1/rates/latest?base=" + baseCurrency);
        get.addHeader("X-Api-Key", System.getenv("FX_PROVIDER_KEY"));
        return http.execute(get, response -> {
            if (response.getCode() != 200) {
                throw new IOException("rate provider returned " + response.getCode());
            }
            JsonNode rates = json.readTree(EntityUtils.toString(response.getEntity())).path("rates");
            var out = new java.util.TreeMap<String, BigDecimal>();
            rates.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().decimalValue()));
            return out;
        });
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
