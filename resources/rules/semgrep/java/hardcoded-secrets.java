package com.example.billing;

import java.sql.Connection;
import java.sql.DriverManager;
import com.auth0.jwt.algorithms.Algorithm;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class BillingConfig {
    // ruleid: java-hardcoded-secret-field
    private static final String STRIPE_API_KEY = "sk_live_51HqA9xKc8vQe0PzT3bLmN";
    // ruleid: java-hardcoded-secret-field
    private String adminPassword = "changeme";
    // ok: java-hardcoded-secret-field
    private static final String PASSWORD_FIELD = "password";
    // ok: java-hardcoded-secret-field
    private static final String TOKEN_TYPE = "Bearer";
    // ok: java-hardcoded-secret-field
    private static final String API_KEY_HEADER = "X-Api-Key";
    // ok: java-hardcoded-secret-field
    private final String dbPassword = System.getenv("DB_PASSWORD");
    // ok: java-hardcoded-secret-field
    @Value("${payments.client-secret}")
    private String clientSecret;
    // ok: java-hardcoded-secret-field
    private String emptyPassword = "";
    // ok: java-hardcoded-secret-field
    private static final String PASSWORD_MIN_LENGTH = "12";

    // ruleid: java-hardcoded-secret-value-default
    @Value("${jwt.secret:dev-secret-please-change}")
    private String jwtSecret;

    // ok: java-hardcoded-secret-value-default
    @Value("${jwt.refresh-secret}")
    private String refreshSecret;

    // ok: java-hardcoded-secret-value-default
    @Value("${jwt.issuer:https://auth.example.com}")
    private String jwtIssuer;

    @Bean
    public HikariDataSource dataSource() {
        HikariDataSource ds = new HikariDataSource();
        // ruleid: java-hardcoded-secret-connection-string
        ds.setJdbcUrl("jdbc:postgresql://db.internal:5432/billing?user=billing&password=Bill1ng2024!");
        ds.setUsername("billing");
        // ruleid: java-hardcoded-secret-argument
        ds.setPassword("Bill1ng2024!");
        return ds;
    }

    @Bean
    public HikariDataSource reportingDataSource() {
        HikariDataSource ds = new HikariDataSource();
        // ok: java-hardcoded-secret-connection-string
        ds.setJdbcUrl("jdbc:postgresql://db.internal:5432/reporting");
        ds.setUsername(System.getenv("REPORTING_USER"));
        // ok: java-hardcoded-secret-argument
        ds.setPassword(System.getenv("REPORTING_PASSWORD"));
        return ds;
    }

    public Connection legacyConnection() throws Exception {
        // ruleid: java-hardcoded-secret-argument
        return DriverManager.getConnection("jdbc:mysql://localhost/legacy", "sa", "s3cret!");
    }

    public Connection envConnection() throws Exception {
        // ok: java-hardcoded-secret-argument
        return DriverManager.getConnection(System.getenv("LEGACY_URL"), System.getenv("LEGACY_USER"), System.getenv("LEGACY_PASS"));
    }

    public Algorithm jwtAlgorithm() {
        // ruleid: java-hardcoded-secret-argument
        return Algorithm.HMAC256("my-super-secret-signing-key");
    }

    public Algorithm jwtAlgorithmFromConfig() {
        // ok: java-hardcoded-secret-argument
        return Algorithm.HMAC256(jwtSecret);
    }

    // ruleid: java-hardcoded-secret-connection-string
    private static final String CACHE_URL = "redis://default:r3disPa55@cache.internal:6379/0";
    // ok: java-hardcoded-secret-connection-string
    private static final String MQ_URL = "amqp://guest:${MQ_PASSWORD}@mq.internal:5672/";
    // ok: java-hardcoded-secret-connection-string
    private static final String DOCS_URL = "https://docs.example.com/billing";
}
