package com.auditpro.reports.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ReportStore {

    @ConfigProperty(name = "reports.dir")
    Path reportsDir;

    public record StoredReport(Path path) {
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }

    /** Looks up a generated report by the id shown in the report list (reports are stored as <uuid>.pdf). */
    public Optional<StoredReport> find(String reportId) {
        UUID id;
        try {
            id = UUID.fromString(reportId.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Path file = reportsDir.resolve(id + ".pdf");
        return Files.isRegularFile(file) ? Optional.of(new StoredReport(file)) : Optional.empty();
    }
}
