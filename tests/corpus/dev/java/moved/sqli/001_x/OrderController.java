package com.acme.shop.orders;

import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/orders")
public class OrderController {

    private final OrderRepository orders;

    public OrderController(OrderRepository orders) {
        this.orders = orders;
    }

    /**
     * Lists the orders of the back-office view, optionally filtered by status and creation date.
     */
    @GetMapping
    public ResponseEntity<List<OrderSummary>> list(
            @RequestParam(defaultValue = "OPEN") String status,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate since,
            @RequestParam(defaultValue = "50") int limit) {

        int pageSize = Math.max(1, Math.min(limit, 200));
        OrderFilter filter = new OrderFilter(status.trim(), since, pageSize);
        return ResponseEntity.ok(orders.findByFilter(filter));
    }

    public record OrderFilter(String status, LocalDate since, int limit) {}

    public record OrderSummary(long id, String customer, String status, long totalCents) {}
}
