package com.acme.shop.orders;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import com.acme.shop.orders.OrderController.OrderFilter;
import com.acme.shop.orders.OrderController.OrderSummary;

@Repository
public class OrderRepository {

    private static final RowMapper<OrderSummary> SUMMARY = (rs, n) -> new OrderSummary(
            rs.getLong("id"),
            rs.getString("customer_name"),
            rs.getString("status"),
            rs.getLong("total_cents"));

    private final JdbcTemplate jdbc;

    public OrderRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<OrderSummary> findByFilter(OrderFilter filter) {
        StringBuilder sql = new StringBuilder(
                "SELECT o.id, c.name AS customer_name, o.status, o.total_cents "
                + "FROM orders o JOIN customers c ON c.id = o.customer_id "
                + "WHERE o.status = ?");
        List<Object> args = new ArrayList<>();
        args.add(filter.status());

        if (filter.since() != null) {
            sql.append(" AND o.created_on >= ?");
            args.add(Date.valueOf(filter.since()));
        }

        // limit is an int clamped by the controller
        sql.append(" ORDER BY o.created_on DESC LIMIT ?");
        args.add(filter.limit());
        return jdbc.query(sql.toString(), SUMMARY, args.toArray());
    }
}
