package com.ledgerly.billing.web;

import com.ledgerly.billing.report.InvoiceFilter;
import com.ledgerly.billing.report.InvoiceReportRepository;
import com.ledgerly.billing.report.InvoiceRow;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/reports/invoices")
public class InvoiceReportController {

    private final InvoiceReportRepository reports;

    public InvoiceReportController(InvoiceReportRepository reports) {
        this.reports = reports;
    }

    @GetMapping
    public List<InvoiceRow> search(@AuthenticationPrincipal Jwt caller,
                                   @RequestParam(required = false) String customer,
                                   @RequestParam(required = false)
                                   @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                   @RequestParam(defaultValue = "issued_on") String sort,
                                   @RequestParam(defaultValue = "desc") String direction,
                                   @RequestParam(defaultValue = "100") int limit) {
        long tenantId = caller.getClaim("tenant_id");
        InvoiceFilter filter = new InvoiceFilter(
                tenantId,
                customer,
                from,
                normalizeSort(sort),
                "asc".equalsIgnoreCase(direction),
                Math.min(Math.max(limit, 1), 500));
        return reports.find(filter);
    }

    private static String normalizeSort(String sort) {
        return sort.strip().toLowerCase(Locale.ROOT);
    }
}
