package com.example.orders;

import java.sql.*;
import java.util.*;
import javax.persistence.EntityManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class OrderDao {
    private final JdbcTemplate jdbc;
    private final EntityManager em;
    private final Connection conn;

    public OrderDao(JdbcTemplate jdbc, EntityManager em, Connection conn) {
        this.jdbc = jdbc;
        this.em = em;
        this.conn = conn;
    }

    public List<Map<String, Object>> byCustomer(String customerEmail) {
        String sql = "SELECT * FROM orders WHERE customer_email = '" + customerEmail.trim() + "'";
        // ruleid: java-sql-injection-method-parameter
        return jdbc.queryForList(sql);
    }

    public List<Order> byStatus(String status, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT o FROM Order o WHERE o.status = '");
        jpql.append(status).append("'");
        // ruleid: java-sql-injection-method-parameter
        return em.createQuery(jpql.toString(), Order.class).setMaxResults(limit).getResultList();
    }

    public List<Order> byStatusBound(String status) {
        // ok: java-sql-injection-method-parameter
        return em.createQuery("SELECT o FROM Order o WHERE o.status = :s", Order.class)
                .setParameter("s", status).getResultList();
    }

    public int countByRegion(String region) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM orders WHERE region = ?")) {
            ps.setString(1, region);
            // ok: java-sql-injection-method-parameter
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Runs a migration statement handed in by the migration runner. */
    public void runStatement(String sql) {
        // ok: java-sql-injection-method-parameter
        jdbc.execute(sql);
    }

    public List<Map<String, Object>> sorted(String sortColumn) {
        // ok: java-sql-injection-method-parameter
        return jdbc.queryForList("SELECT * FROM orders ORDER BY " + sortColumn);
    }

    public List<Map<String, Object>> byId(String orderId) {
        long id = Long.parseLong(orderId);
        // ok: java-sql-injection-method-parameter
        return jdbc.queryForList("SELECT * FROM orders WHERE id = " + id);
    }

    private List<Map<String, Object>> internalByTag(String tag) {
        // ok: java-sql-injection-method-parameter
        return jdbc.queryForList("SELECT * FROM orders WHERE tag = '" + tag + "'");
    }
}

class TicketSearchDao {
    private final JdbcTemplate jdbc;

    TicketSearchDao(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Map<String, Object>> search(TicketSearchCriteria criteria) {
        String sql = "SELECT id, title FROM tickets WHERE queue = '" + criteria.queue() + "'"
                + " LIMIT " + criteria.limit();
        // ruleid: java-sql-injection-method-parameter
        return jdbc.queryForList(sql);
    }

    public List<Map<String, Object>> searchBound(TicketSearchCriteria criteria) {
        // ok: java-sql-injection-method-parameter
        return jdbc.queryForList("SELECT id, title FROM tickets WHERE queue = ? LIMIT ?", criteria.queue(), criteria.limit());
    }

    public List<Map<String, Object>> page(TicketSearchCriteria criteria) {
        // ok: java-sql-injection-method-parameter
        return jdbc.queryForList("SELECT id, title FROM tickets ORDER BY id LIMIT " + criteria.limit() + " OFFSET " + criteria.offset());
    }
}
