const express = require('express');
const { Pool } = require('pg');
const mysql = require('mysql2/promise');
const sqlite3 = require('sqlite3');
const knex = require('knex')({ client: 'pg' });

const app = express();
const pool = new Pool();
const db = new sqlite3.Database('app.db');
const SORT_COLUMNS = { name: 'name', created: 'created_at' };

app.get('/users/:id', async (req, res) => {
  // ruleid: js-sql-injection
  const { rows } = await pool.query(`SELECT * FROM users WHERE id = ${req.params.id}`);
  res.json(rows);
});

app.get('/search', async (req, res) => {
  const term = req.query.q;
  const sql = "SELECT * FROM products WHERE name LIKE '%" + term + "%'";
  const conn = await mysql.createConnection({ host: 'db' });
  // ruleid: js-sql-injection
  const [rows] = await conn.execute(sql);
  res.json(rows);
});

app.post('/notes', (req, res) => {
  const { title } = req.body;
  // ruleid: js-sql-injection
  db.run("INSERT INTO notes (title) VALUES ('" + title + "')", (err) => {
    res.sendStatus(err ? 500 : 201);
  });
});

app.get('/orders', async (req, res) => {
  // ruleid: js-sql-injection
  const rows = await knex('orders').whereRaw(`status = '${req.query.status}'`);
  res.json(rows);
});

app.get('/users/:id/safe', async (req, res) => {
  // ok: js-sql-injection
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  res.json(rows);
});

app.get('/orders/safe', async (req, res) => {
  // ok: js-sql-injection
  const rows = await knex('orders').whereRaw('status = ?', [req.query.status]);
  res.json(rows);
});

app.get('/products', async (req, res) => {
  const column = SORT_COLUMNS[req.query.sort] || 'name';
  const limit = parseInt(req.query.limit, 10) || 20;
  // ok: js-sql-injection
  const { rows } = await pool.query(`SELECT * FROM products ORDER BY ${column} LIMIT ${limit}`);
  res.json(rows);
});

app.get('/cache', async (req, res) => {
  // ok: js-sql-injection
  const value = await redisClient.get(req.query.key);
  res.json({ value });
});

app.get('/posts', async (req, res) => {
  const dir = req.query.dir;
  if (!['ASC', 'DESC'].includes(dir)) {
    return res.status(400).json({ error: 'bad direction' });
  }
  // ok: js-sql-injection
  const { rows } = await pool.query(`SELECT * FROM posts ORDER BY created_at ${dir}`);
  res.json(rows);
});

module.exports = app;

async function listInvoices(db, opts) {
  // ruleid: js-sql-injection-order-by
  const sql = `SELECT id, amount FROM invoices WHERE account_id = $1 ORDER BY ${opts.sortColumn} ${opts.dir}`;
  // ruleid: js-sql-injection-query-argument
  return db.query(sql, [opts.accountId]);
}

const INVOICE_SORT = new Map([['amount', 'amount'], ['date', 'issued_at']]);

async function listInvoicesMapped(db, opts) {
  const column = INVOICE_SORT.get(opts.sortColumn) ?? 'issued_at';
  const dir = opts.dir === 'asc' ? 'ASC' : 'DESC';
  // ok: js-sql-injection-order-by
  const sql = `SELECT id, amount FROM invoices WHERE account_id = $1 ORDER BY ${column} ${dir}`;
  return db.query(sql, [opts.accountId]);
}

async function latestInvoices(db, limit) {
  // ok: js-sql-injection-order-by
  const sql = `SELECT id FROM invoices ORDER BY issued_at DESC LIMIT ${Number(limit)}`;
  return db.query(sql);
}
