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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;

/**
 * Imports a dashboard that was exported from another workspace as JSON.
 * Widgets carry arbitrary settings objects, so the export keeps their types.
 */
@RestController
public class DashboardImportController {

    private final ObjectMapper exportMapper = new ObjectMapper();
    private final DashboardRepository dashboards;

    public DashboardImportController(DashboardRepository dashboards) {
        this.dashboards = dashboards;
        exportMapper.activateDefaultTyping(LaissezFaireSubTypeValidator.instance,
                ObjectMapper.DefaultTyping.NON_FINAL);
    }

    public static class DashboardExport {
        public String title;
        public int columns;
        public List<Widget> widgets;
    }

    public static class Widget {
        public String kind;
        public int x;
        public int y;
        public Object settings;
    }

    @PostMapping(value = "/api/dashboards/import", consumes = "application/json")
    public ResponseEntity<Map<String, Long>> importDashboard(@RequestBody String exportJson, Principal user)
            throws IOException {
        DashboardExport export = exportMapper.readValue(exportJson, DashboardExport.class);
        if (export.widgets == null || export.widgets.size() > 64) {
            return ResponseEntity.badRequest().build();
        }
        long id = dashboards.create(user.getName(), export.title, export.columns, export.widgets);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
    }
}
