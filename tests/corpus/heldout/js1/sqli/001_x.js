'use strict';

const express = require('express');
const mysql = require('mysql2/promise');

const pool = mysql.createPool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  database: 'catalog',
  connectionLimit: 10,
});

const router = express.Router();

const PAGE_SIZE = 25;

function escapeLike(value) {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

// GET /products/search?q=lamp&page=2
router.get('/products/search', async (req, res, next) => {
  const term = String(req.query.q ?? '').trim();
  const page = Math.max(1, Number.parseInt(req.query.page, 10) || 1);

  if (term.length < 2) {
    return res.status(400).json({ message: 'query too short' });
  }

  const offset = (page - 1) * PAGE_SIZE;
  const pattern = escapeLike(term);
  const sql = `
    SELECT id, sku, name, price_cents, stock
      FROM products
     WHERE archived = 0
       AND (name LIKE ? OR sku LIKE ?)
     ORDER BY name
     LIMIT ? OFFSET ?`;

  try {
    const [rows] = await pool.execute(sql, [`%${pattern}%`, `${pattern}%`, PAGE_SIZE, offset]);
    res.json({ page, results: rows });
  } catch (err) {
    next(err);
  }
});

router.get('/products/:id', async (req, res, next) => {
  const id = Number.parseInt(req.params.id, 10);
  if (!Number.isInteger(id)) {
    return res.status(404).end();
  }
  try {
    const [rows] = await pool.execute(
      'SELECT id, sku, name, description, price_cents, stock FROM products WHERE id = ?',
      [id],
    );
    if (rows.length === 0) return res.status(404).end();
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
