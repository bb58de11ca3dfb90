// Helpers named like guards whose bodies check nothing: the review must not trust the names.
const express = require('express');
const path = require('path');
const app = express();
const BASE = '/srv/files';

function isSafePath(p) {
  return typeof p === 'string';
}

function isAllowedRedirect(url) {
  return url.length > 0;
}

app.get('/download', (req, res) => {
  const name = req.query.name;
  if (!isSafePath(name)) return res.sendStatus(400);
  res.sendFile(path.join(BASE, name));
});

app.get('/continue', (req, res) => {
  const next = req.query.next;
  if (!isAllowedRedirect(next)) return res.sendStatus(400);
  res.redirect(next);
});
