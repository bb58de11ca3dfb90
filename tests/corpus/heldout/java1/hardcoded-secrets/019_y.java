package com.greenfield.reporting.config;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Two pools: the primary application database and the read replica of the warehouse
 * that the nightly reports query.
 */
@Configuration
public class DataSourceConfig {

    private static final String APP_DB_URL = "jdbc:postgresql://pg-app.prod.greenfield.internal:5432/reporting";
    private static final String WAREHOUSE_URL =
            "jdbc:postgresql://pg-dwh-replica.prod.greenfield.internal:5432/dwh?user=report_reader&password=R3p0rt!Reader-2024&sslmode=require";

    @Bean
    @Primary
    public DataSource appDataSource() {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(APP_DB_URL + "?sslmode=require");
        cfg.setUsername(System.getenv("REPORTING_DB_USER"));
        cfg.setPassword(System.getenv("REPORTING_DB_PASSWORD"));
        cfg.setMaximumPoolSize(10);
        cfg.setPoolName("app");
        return new HikariDataSource(cfg);
    }

    @Bean
    public DataSource warehouseDataSource() {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(WAREHOUSE_URL);
        cfg.setReadOnly(true);
        cfg.setMaximumPoolSize(4);
        cfg.setPoolName("warehouse");
        return new HikariDataSource(cfg);
    }

    @Bean
    public JdbcTemplate warehouseJdbc() {
        return new JdbcTemplate(warehouseDataSource());
    }
}
