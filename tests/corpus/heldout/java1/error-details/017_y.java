package com.harbor.inventory.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import jakarta.servlet.http.HttpServletRequest;

@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(MethodArgumentNotValidException.class)
    public ResponseEntity<Map<String, Object>> invalid(MethodArgumentNotValidException ex, HttpServletRequest req) {
        Map<String, Object> body = base(HttpStatus.BAD_REQUEST, req);
        body.put("fields", ex.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + ": " + f.getDefaultMessage())
                .toList());
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler({DataAccessException.class, RuntimeException.class})
    public ResponseEntity<Map<String, Object>> unexpected(RuntimeException ex, HttpServletRequest req) {
        String incidentId = UUID.randomUUID().toString();
        // full details stay in the server log, keyed by the incident id the client sees
        log.error("incident {}: request to {} failed", incidentId, req.getRequestURI(), ex);

        Map<String, Object> body = base(HttpStatus.INTERNAL_SERVER_ERROR, req);
        body.put("message", "Something went wrong on our side. Please quote the incident id when contacting support.");
        body.put("incidentId", incidentId);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(body);
    }

    private static Map<String, Object> base(HttpStatus status, HttpServletRequest req) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", Instant.now().toString());
        body.put("status", status.value());
        body.put("path", req.getRequestURI());
        return body;
    }
}
