const express = require('express');
const axios = require('axios');
const http = require('http');

const app = express();
app.use(express.json());
const API_BASE = 'https://api.example.com';
const ALLOWED_HOSTS = new Set(['images.example.com', 'cdn.example.com']);

app.get('/proxy', async (req, res) => {
  // ruleid: js-ssrf
  const upstream = await fetch(req.query.url);
  res.status(upstream.status).send(await upstream.text());
});

app.post('/webhooks/test', async (req, res) => {
  const { callbackUrl } = req.body;
  // ruleid: js-ssrf
  await axios.post(callbackUrl, { ping: true });
  res.json({ sent: true });
});

app.get('/status', (req, res) => {
  // ruleid: js-ssrf
  http.get(`http://${req.query.host}:8080/health`, (r) => res.sendStatus(r.statusCode));
});

app.get('/users/:id', async (req, res) => {
  // ok: js-ssrf
  const { data } = await axios.get(`${API_BASE}/users/${encodeURIComponent(req.params.id)}`);
  res.json(data);
});

app.get('/avatar', async (req, res) => {
  const target = new URL(req.query.src);
  if (target.protocol !== 'https:' || !ALLOWED_HOSTS.has(target.hostname)) {
    return res.status(400).json({ error: 'host not allowed' });
  }
  // ok: js-ssrf
  const img = await fetch(target);
  res.type(img.headers.get('content-type')).send(Buffer.from(await img.arrayBuffer()));
});

app.get('/weather', async (req, res) => {
  // ok: js-ssrf
  const r = await fetch('https://weather.example.com/v1/forecast?city=' + req.query.city);
  res.json(await r.json());
});

app.post('/hooks/:id/test', async (req, res) => {
  const hook = await Webhook.findByPk(req.params.id);
  // ok: js-ssrf
  await axios.post(hook.url, { ping: true });
  res.json({ sent: true });
});

module.exports = app;

// A service method whose URL argument comes from a controller in another file; the taint rule
// does not follow the call across files, so this fetch is not reported.
async function importRemoteImage(sourceUrl) {
  // todoruleid: js-ssrf
  const response = await fetch(sourceUrl, { redirect: 'error' });
  return Buffer.from(await response.arrayBuffer());
}
