package com.tidewater.crm.customers;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CustomerSearchController {

    private final CustomerQueries queries;

    public CustomerSearchController(CustomerQueries queries) {
        this.queries = queries;
    }

    public record CustomerRow(Long id, String company, String city, String accountManager) {}

    @GetMapping("/api/customers/search")
    public List<CustomerRow> search(@RequestParam String company,
                                    @RequestParam(required = false) String country) {
        String countryCode = country == null ? null : country.strip().toUpperCase();
        return queries.byCompanyName(company.strip(), countryCode).stream()
                .map(c -> new CustomerRow(c.getId(), c.getCompanyName(), c.getCity(), c.getAccountManager()))
                .toList();
    }
}
