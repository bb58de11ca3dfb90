package com.example.shop;

import java.sql.*;
import java.util.*;
import javax.persistence.EntityManager;
import javax.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/products")
public class ProductController {
    private static final Set<String> SORTABLE = Set.of("name", "price", "created_at");
    private static final Map<String, String> COLUMNS = Map.of("name", "p.name", "price", "p.price");
    private final JdbcTemplate jdbcTemplate;
    private final DataSource dataSource;
    private final EntityManager em;

    public ProductController(JdbcTemplate jdbcTemplate, DataSource dataSource, EntityManager em) {
        this.jdbcTemplate = jdbcTemplate;
        this.dataSource = dataSource;
        this.em = em;
    }

    @GetMapping("/search")
    public List<Map<String, Object>> search(@RequestParam("q") String q) {
        String sql = "SELECT * FROM products WHERE name LIKE '%" + q + "%'";
        // ruleid: java-sql-injection
        return jdbcTemplate.queryForList(sql);
    }

    @GetMapping("/search-safe")
    public List<Map<String, Object>> searchSafe(@RequestParam("q") String q) {
        // ok: java-sql-injection
        return jdbcTemplate.queryForList("SELECT * FROM products WHERE name LIKE ?", "%" + q + "%");
    }

    @GetMapping("/{id}")
    public Map<String, Object> byId(@PathVariable("id") String id) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            Statement stmt = conn.createStatement();
            // ruleid: java-sql-injection
            ResultSet rs = stmt.executeQuery("SELECT * FROM products WHERE id = " + id);
            return toMap(rs);
        }
    }

    @GetMapping("/by-num/{id}")
    public Map<String, Object> byNumericId(@PathVariable("id") long id) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            Statement stmt = conn.createStatement();
            // ok: java-sql-injection
            ResultSet rs = stmt.executeQuery("SELECT * FROM products WHERE id = " + id);
            return toMap(rs);
        }
    }

    @GetMapping("/by-parsed/{id}")
    public Map<String, Object> byParsed(@PathVariable("id") String id) throws SQLException {
        int numericId = Integer.parseInt(id);
        try (Connection conn = dataSource.getConnection()) {
            // ok: java-sql-injection
            ResultSet rs = conn.createStatement().executeQuery("SELECT * FROM products WHERE id = " + numericId);
            return toMap(rs);
        }
    }

    @GetMapping("/sorted")
    public List<Map<String, Object>> sorted(@RequestParam String sort, @RequestParam String dir) {
        if (!SORTABLE.contains(sort)) {
            throw new IllegalArgumentException("bad sort");
        }
        String direction = "desc".equalsIgnoreCase(dir) ? "DESC" : "ASC";
        // ok: java-sql-injection
        return jdbcTemplate.queryForList("SELECT * FROM products ORDER BY " + sort + " " + direction);
    }

    @GetMapping("/sorted-map")
    public List<Map<String, Object>> sortedMap(@RequestParam String sort) {
        String column = COLUMNS.getOrDefault(sort, "p.name");
        // ok: java-sql-injection
        return jdbcTemplate.queryForList("SELECT * FROM products p ORDER BY " + column);
    }

    @GetMapping("/sorted-bad")
    public List<Map<String, Object>> sortedBad(@RequestParam String sort) {
        // ruleid: java-sql-injection
        return jdbcTemplate.queryForList("SELECT * FROM products ORDER BY " + sort);
    }

    @PostMapping("/filter")
    public List<?> filter(@RequestBody ProductFilter filter) {
        StringBuilder jpql = new StringBuilder("SELECT p FROM Product p WHERE 1=1");
        jpql.append(" AND p.category = '");
        jpql.append(filter.getCategory());
        jpql.append("'");
        // ruleid: java-sql-injection
        return em.createQuery(jpql.toString(), Product.class).getResultList();
    }

    @PostMapping("/filter-safe")
    public List<?> filterSafe(@RequestBody ProductFilter filter) {
        // ok: java-sql-injection
        return em.createQuery("SELECT p FROM Product p WHERE p.category = :cat", Product.class)
                .setParameter("cat", filter.getCategory())
                .getResultList();
    }

    @GetMapping("/legacy")
    public void legacy(HttpServletRequest request) throws SQLException {
        String user = request.getParameter("user");
        try (Connection conn = dataSource.getConnection()) {
            // ruleid: java-sql-injection
            PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE login = '" + user + "'");
            ps.executeQuery();
            // ok: java-sql-injection
            PreparedStatement ps2 = conn.prepareStatement("SELECT * FROM users WHERE login = ?");
            ps2.setString(1, user);
            ps2.executeQuery();
        }
    }

    public List<Map<String, Object>> internalReport() {
        String table = "products";
        // ok: java-sql-injection
        return jdbcTemplate.queryForList("SELECT count(*) FROM " + table);
    }
}
