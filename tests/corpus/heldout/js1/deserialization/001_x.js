'use strict';

const express = require('express');
const cookieParser = require('cookie-parser');
const serialize = require('node-serialize');

const app = express();
app.use(cookieParser());
app.use(express.json({ limit: '8kb' }));

const DEFAULT_PREFS = Object.freeze({ theme: 'light', density: 'comfortable', pageSize: 25 });
const PREFS_COOKIE = 'dashboard_prefs';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

function readPrefs(req) {
  const raw = req.cookies[PREFS_COOKIE];
  if (!raw) return { ...DEFAULT_PREFS };
  try {
    const decoded = Buffer.from(raw, 'base64').toString('utf8');
    return { ...DEFAULT_PREFS, ...serialize.unserialize(decoded) };
  } catch {
    return { ...DEFAULT_PREFS };
  }
}

function writePrefs(res, prefs) {
  const encoded = Buffer.from(serialize.serialize(prefs), 'utf8').toString('base64');
  res.cookie(PREFS_COOKIE, encoded, { maxAge: ONE_YEAR_MS, httpOnly: true, sameSite: 'lax', secure: true });
}

app.get('/dashboard/preferences', (req, res) => {
  res.json(readPrefs(req));
});

app.put('/dashboard/preferences', (req, res) => {
  const current = readPrefs(req);
  const next = {
    theme: req.body.theme === 'dark' ? 'dark' : 'light',
    density: req.body.density === 'compact' ? 'compact' : 'comfortable',
    pageSize: [10, 25, 50, 100].includes(Number(req.body.pageSize)) ? Number(req.body.pageSize) : current.pageSize,
  };
  writePrefs(res, next);
  res.json(next);
});

module.exports = app;
