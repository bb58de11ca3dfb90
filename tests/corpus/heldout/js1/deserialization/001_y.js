'use strict';

const express = require('express');
const cookieParser = require('cookie-parser');

const app = express();
app.use(cookieParser());
app.use(express.json({ limit: '8kb' }));

const DEFAULT_PREFS = Object.freeze({ theme: 'light', density: 'comfortable', pageSize: 25 });
const PREFS_COOKIE = 'dashboard_prefs';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const PAGE_SIZES = [10, 25, 50, 100];

function normalizePrefs(input, fallback = DEFAULT_PREFS) {
  const source = input && typeof input === 'object' ? input : {};
  return {
    theme: source.theme === 'dark' ? 'dark' : 'light',
    density: source.density === 'compact' ? 'compact' : 'comfortable',
    pageSize: PAGE_SIZES.includes(Number(source.pageSize)) ? Number(source.pageSize) : fallback.pageSize,
  };
}

function readPrefs(req) {
  const raw = req.cookies[PREFS_COOKIE];
  if (!raw) return { ...DEFAULT_PREFS };
  try {
    const decoded = Buffer.from(raw, 'base64').toString('utf8');
    return normalizePrefs(JSON.parse(decoded));
  } catch {
    return { ...DEFAULT_PREFS };
  }
}

function writePrefs(res, prefs) {
  const encoded = Buffer.from(JSON.stringify(prefs), 'utf8').toString('base64');
  res.cookie(PREFS_COOKIE, encoded, { maxAge: ONE_YEAR_MS, httpOnly: true, sameSite: 'lax', secure: true });
}

app.get('/dashboard/preferences', (req, res) => {
  res.json(readPrefs(req));
});

app.put('/dashboard/preferences', (req, res) => {
  const current = readPrefs(req);
  const next = normalizePrefs(req.body, current);
  writePrefs(res, next);
  res.json(next);
});

module.exports = app;
