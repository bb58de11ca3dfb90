const express = require('express');
const session = require('express-session');
const cookieSession = require('cookie-session');

const app = express();
const isProd = process.env.NODE_ENV === 'production';
const cookieOptions = { httpOnly: true, secure: true, sameSite: 'lax' };

app.use(
  // ruleid: js-insecure-cookie-secure-false
  session({
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: false, maxAge: 3600000 },
  })
);

// ok: js-insecure-cookie-secure-false
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: isProd, httpOnly: true } }));

// ruleid: js-insecure-cookie-session-httponly-false
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: true, httpOnly: false } }));

// ok: js-insecure-cookie-session-httponly-false
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: true, sameSite: 'strict' } }));

// ruleid: js-insecure-cookie-session-httponly-false
app.use(cookieSession({ name: 'session', keys: [process.env.COOKIE_KEY], httpOnly: false }));

// ok: js-insecure-cookie-session-httponly-false
app.use(cookieSession({ name: 'session', keys: [process.env.COOKIE_KEY], httpOnly: true, secure: true }));

app.post('/login', async (req, res) => {
  const token = await login(req.body.email, req.body.password);
  // ruleid: js-insecure-cookie-missing-secure, js-insecure-cookie-missing-httponly
  res.cookie('auth_token', token, { maxAge: 86400000 });
  res.json({ ok: true });
});

app.post('/login2', async (req, res) => {
  const token = await login(req.body.email, req.body.password);
  // ruleid: js-insecure-cookie-samesite-none
  res.cookie('session', token, { httpOnly: true, secure: true, sameSite: 'none' });
  res.json({ ok: true });
});

app.post('/login/safe', async (req, res) => {
  const token = await login(req.body.email, req.body.password);
  // ok: js-insecure-cookie-missing-secure, js-insecure-cookie-missing-httponly, js-insecure-cookie-samesite-none
  res.cookie('session', token, { httpOnly: true, secure: true, sameSite: 'lax', maxAge: 86400000 });
  // ok: js-insecure-cookie-missing-secure, js-insecure-cookie-missing-httponly
  res.cookie('refresh_token', token, cookieOptions);
  res.json({ ok: true });
});

app.get('/prefs', (req, res) => {
  // ok: js-insecure-cookie-missing-secure, js-insecure-cookie-missing-httponly, js-insecure-cookie-secure-false
  res.cookie('theme', req.query.theme === 'dark' ? 'dark' : 'light', { maxAge: 31536000000, secure: false });
  // ok: js-insecure-cookie-samesite-none
  res.cookie('embed_pref', 'compact', { sameSite: 'none', secure: true });
  res.sendStatus(204);
});

module.exports = app;

const REFRESH_COOKIE = 'rt_refresh';
const THEME_COOKIE = 'ui_theme';

function issueRefresh(res, value) {
  // ruleid: js-insecure-cookie-missing-httponly
  res.cookie(REFRESH_COOKIE, value, { secure: true, sameSite: 'lax', maxAge: 86400000 });
}

function issueRefreshSafely(res, value) {
  // ok: js-insecure-cookie-missing-httponly
  res.cookie(REFRESH_COOKIE, value, { httpOnly: true, secure: true, sameSite: 'lax' });
}

function rememberTheme(res, value) {
  // ok: js-insecure-cookie-missing-httponly
  res.cookie(THEME_COOKIE, value, { secure: true, sameSite: 'lax' });
}
