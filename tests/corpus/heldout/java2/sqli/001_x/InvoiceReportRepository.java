package com.ledgerly.billing.report;

import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class InvoiceReportRepository {

    private final NamedParameterJdbcTemplate jdbc;

    public InvoiceReportRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<InvoiceRow> find(InvoiceFilter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT i.id, i.number, c.name AS customer, i.issued_on, i.total_cents, i.status
                  FROM invoice i
                  JOIN customer c ON c.id = i.customer_id
                 WHERE i.tenant_id = :tenant
                """);
        MapSqlParameterSource params = new MapSqlParameterSource("tenant", filter.tenantId());

        if (filter.customerName() != null && !filter.customerName().isBlank()) {
            sql.append(" AND lower(c.name) LIKE :customer");
            params.addValue("customer", "%" + filter.customerName().toLowerCase() + "%");
        }
        if (filter.issuedFrom() != null) {
            sql.append(" AND i.issued_on >= :from");
            params.addValue("from", filter.issuedFrom());
        }

        sql.append(" ORDER BY ").append(filter.sortKey())
           .append(filter.ascending() ? " ASC" : " DESC")
           .append(" LIMIT :limit");
        params.addValue("limit", filter.limit());

        return jdbc.query(sql.toString(), params, (rs, n) -> new InvoiceRow(
                rs.getLong("id"),
                rs.getString("number"),
                rs.getString("customer"),
                rs.getDate("issued_on").toLocalDate(),
                rs.getLong("total_cents"),
                rs.getString("status")));
    }
}
