const express = require('express');
const cors = require('cors');

const app = express();
const ALLOWED_ORIGINS = new Set(['https://app.example.com', 'https://admin.example.com']);

// ruleid: js-cors-credentials-any-origin
app.use(cors({ origin: true, credentials: true }));

const api = express.Router();
api.use(
  // ruleid: js-cors-credentials-any-origin
  cors({
    origin: (origin, callback) => callback(null, true),
    credentials: true,
  })
);

// ok: js-cors-credentials-any-origin
app.use('/public', cors({ origin: '*' }));

// ok: js-cors-credentials-any-origin
app.use('/app', cors({ origin: ['https://app.example.com'], credentials: true }));

app.use('/v1', (req, res, next) => {
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  // ruleid: js-cors-reflected-origin-credentials
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  next();
});

app.use('/v2', (req, res, next) => {
  const origin = req.headers.origin;
  if (origin && ALLOWED_ORIGINS.has(origin)) {
    // ok: js-cors-reflected-origin-credentials
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  }
  next();
});

app.use('/v3', (req, res, next) => {
  // ok: js-cors-reflected-origin-credentials
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Vary', 'Origin');
  next();
});

module.exports = { app, api };
