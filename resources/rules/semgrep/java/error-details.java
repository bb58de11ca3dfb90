package com.example.orders;

import java.io.*;
import java.util.Map;
import java.util.UUID;
import javax.servlet.http.*;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/orders")
public class OrderController {
    private static final Logger log = LoggerFactory.getLogger(OrderController.class);
    private final OrderService service;

    public OrderController(OrderService service) {
        this.service = service;
    }

    @PostMapping
    public ResponseEntity<?> create(@RequestBody OrderDto dto) {
        try {
            return ResponseEntity.ok(service.create(dto));
        } catch (Exception e) {
            // ruleid: java-error-details-exposed
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("error", e.getMessage()));
        }
    }

    @PostMapping("/safe")
    public ResponseEntity<?> createSafe(@RequestBody OrderDto dto) {
        try {
            return ResponseEntity.ok(service.create(dto));
        } catch (Exception e) {
            String errorId = UUID.randomUUID().toString();
            log.error("order creation failed, id={}", errorId, e);
            // ok: java-error-details-exposed
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("error", "Internal error", "errorId", errorId));
        }
    }

    @GetMapping("/{id}")
    public ResponseEntity<?> get(@PathVariable String id) {
        try {
            return ResponseEntity.ok(service.find(id));
        } catch (IllegalArgumentException e) {
            // ok: java-error-details-exposed
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
    }

    @ExceptionHandler(Exception.class)
    public Map<String, String> handle(Exception ex) {
        StringWriter sw = new StringWriter();
        ex.printStackTrace(new PrintWriter(sw));
        // ruleid: java-error-details-exposed
        return Map.of("error", "Internal error", "trace", sw.toString());
    }
}

class ExportServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(ExportServlet.class);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            export(resp);
        } catch (Exception e) {
            resp.setStatus(500);
            // ruleid: java-error-details-stacktrace-response
            e.printStackTrace(resp.getWriter());
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            export(resp);
        } catch (Exception e) {
            log.error("export failed", e);
            // ok: java-error-details-stacktrace-response
            // ok: java-error-details-exposed
            resp.sendError(500, "Export failed");
        }
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            export(resp);
        } catch (Exception e) {
            StringWriter sw = new StringWriter();
            // ok: java-error-details-stacktrace-response
            e.printStackTrace(new PrintWriter(sw));
            log.error("export failed: {}", sw);
            resp.sendError(500);
        }
    }

    private void export(HttpServletResponse resp) throws Exception { }
}
