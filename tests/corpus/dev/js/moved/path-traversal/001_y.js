'use strict';

const fs = require('node:fs');
const path = require('node:path');
const express = require('express');
const mime = require('mime-types');

const REPORTS_DIR = path.resolve(process.env.REPORTS_DIR || '/var/lib/reporting/exports');

const app = express();

app.get('/exports', async (_req, res, next) => {
  try {
    const entries = await fs.promises.readdir(REPORTS_DIR, { withFileTypes: true });
    res.json(entries.filter((e) => e.isFile()).map((e) => e.name));
  } catch (err) {
    next(err);
  }
});

// GET /exports/download?file=2024-05-sales.csv
app.get('/exports/download', async (req, res) => {
  const fileName = String(req.query.file || '');
  if (!fileName) {
    return res.status(400).json({ message: 'file is required' });
  }

  const fullPath = path.join(REPORTS_DIR, fileName);

  let stat;
  try {
    stat = await fs.promises.stat(fullPath);
  } catch {
    return res.status(404).json({ message: 'no such export' });
  }
  if (!stat.isFile()) {
    return res.status(404).json({ message: 'no such export' });
  }

  res.setHeader('Content-Type', mime.lookup(fullPath) || 'application/octet-stream');
  res.setHeader('Content-Length', stat.size);
  res.attachment(path.basename(fullPath));
  fs.createReadStream(fullPath).pipe(res);
});

app.use((err, _req, res, _next) => {
  console.error(err);
  res.status(500).json({ message: 'internal error' });
});

module.exports = app;
