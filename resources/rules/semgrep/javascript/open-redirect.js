const express = require('express');

const app = express();
const BASE_URL = 'https://shop.example.com';
const DESTINATIONS = { home: '/', cart: '/cart', account: '/account' };

app.get('/login/callback', (req, res) => {
  // ruleid: js-open-redirect
  res.redirect(req.query.next);
});

app.get('/out', (req, res) => {
  const target = req.query.to;
  // ruleid: js-open-redirect
  res.redirect(302, target);
});

app.get('/go', (req, res) => {
  // ruleid: js-open-redirect
  res.writeHead(302, { Location: req.query.url });
  res.end();
});

app.get('/login/callback/safe', (req, res) => {
  const next = String(req.query.next || '/');
  if (!/^\/(?![\/\\])/.test(next)) {
    return res.redirect('/');
  }
  // ok: js-open-redirect
  res.redirect(next);
});

app.get('/goto', (req, res) => {
  // ok: js-open-redirect
  res.redirect(DESTINATIONS[req.query.dest] || '/');
});

app.get('/products/:id/old', (req, res) => {
  // ok: js-open-redirect
  res.redirect(301, `/products/${encodeURIComponent(req.params.id)}`);
});

app.get('/return', (req, res) => {
  const url = new URL(req.query.returnTo, BASE_URL);
  if (url.origin !== BASE_URL) {
    return res.redirect('/');
  }
  // ok: js-open-redirect
  res.redirect(url.pathname + url.search);
});

app.use((req, res, next) => {
  if (req.secure) return next();
  // ok: js-open-redirect
  res.redirect('https://' + req.headers.host + req.originalUrl);
});

app.get('/login', (req, res) => {
  req.session.returnTo = req.query.next;
  res.render('login');
});

app.post('/login', async (req, res) => {
  req.session.userId = await authenticate(req.body);
  // ruleid: js-open-redirect
  res.redirect(req.session.returnTo || '/');
});

function toSafeRedirect(value) {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return '/';
  return value;
}

app.post('/login2', async (req, res) => {
  req.session.userId = await authenticate(req.body);
  // A guard in a helper: the rules do not read helper bodies, and names are not trusted.
  // todook: js-open-redirect
  res.redirect(toSafeRedirect(req.session.returnTo));
});

app.get('/account', (req, res) => {
  // ok: js-open-redirect
  res.redirect(`/users/${req.session.userId}/profile`);
});

app.get('/after-auth', (req, res) => {
  const saved = req.session.get('pendingLogin');
  // ruleid: js-open-redirect
  res.redirect(saved.next);
});

module.exports = app;

const PARTNER_HOSTS = new Set(['partner.example.org', 'docs.example.org']);

function partnerUrl(raw) {
  let u;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || !PARTNER_HOSTS.has(u.hostname)) {
    return null;
  }
  return u.toString();
}

function passThrough(raw) {
  return String(raw).trim();
}

app.get('/partner/go', (req, res) => {
  const dest = partnerUrl(req.query.dest);
  // ok: js-open-redirect
  res.redirect(dest || '/');
});

app.get('/partner/go-unchecked', (req, res) => {
  const dest = passThrough(req.query.dest);
  // ruleid: js-open-redirect
  res.redirect(dest);
});
