package com.ledgerly.billing.report;

import java.time.LocalDate;

public record InvoiceFilter(long tenantId,
                            String customerName,
                            LocalDate issuedFrom,
                            String sortKey,
                            boolean ascending,
                            int limit) {
}
