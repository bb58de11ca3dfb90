package com.metricly.dashboards.api;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Imports a dashboard that was exported from another workspace as JSON.
 * Widget settings stay a plain JSON tree; each widget kind validates its own settings later.
 */
@RestController
public class DashboardImportController {

    private final ObjectMapper exportMapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private final DashboardRepository dashboards;

    public DashboardImportController(DashboardRepository dashboards) {
        this.dashboards = dashboards;
    }

    public record DashboardExport(String title, int columns, List<Widget> widgets) {}

    public record Widget(String kind, int x, int y, JsonNode settings) {}

    @PostMapping(value = "/api/dashboards/import", consumes = "application/json")
    public ResponseEntity<Map<String, Long>> importDashboard(@RequestBody String exportJson, Principal user)
            throws IOException {
        DashboardExport export = exportMapper.readValue(exportJson, DashboardExport.class);
        if (export.widgets() == null || export.widgets().size() > 64) {
            return ResponseEntity.badRequest().build();
        }
        long id = dashboards.create(user.getName(), export.title(), export.columns(), export.widgets());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
    }
}
