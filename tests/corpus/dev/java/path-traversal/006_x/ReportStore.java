package com.auditpro.reports.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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

    /** Looks up a generated report by its file name as shown in the report list, e.g. "2024-q3-acme.pdf". */
    public Optional<StoredReport> find(String reportName) {
        Path file = reportsDir.resolve(cleanName(reportName));
        return Files.isRegularFile(file) ? Optional.of(new StoredReport(file)) : Optional.empty();
    }

    private static String cleanName(String name) {
        return name.replace("../", "").replace("..\\", "");
    }
}
