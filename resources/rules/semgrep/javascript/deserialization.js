const express = require('express');
const cookieParser = require('cookie-parser');
const serialize = require('node-serialize');
const yaml = require('js-yaml');

const app = express();
app.use(cookieParser());
app.use(express.text({ type: 'application/x-yaml' }));

app.get('/prefs', (req, res) => {
  const raw = Buffer.from(req.cookies.profile, 'base64').toString();
  // ruleid: js-deserialization-node-serialize
  const profile = serialize.unserialize(raw);
  res.json({ theme: profile.theme });
});

app.get('/prefs/safe', (req, res) => {
  const raw = Buffer.from(req.cookies.profile, 'base64').toString();
  // ok: js-deserialization-node-serialize
  const profile = JSON.parse(raw);
  res.json({ theme: profile.theme });
});

app.get('/prefs/default', (req, res) => {
  // ok: js-deserialization-node-serialize
  const profile = serialize.unserialize(serialize.serialize({ theme: 'light' }));
  res.json(profile);
});

app.post('/config', (req, res) => {
  // ruleid: js-deserialization-yaml-unsafe-schema
  const cfg = yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA });
  res.json(cfg);
});

app.post('/config/json-schema', (req, res) => {
  // ok: js-deserialization-yaml-unsafe-schema
  const cfg = yaml.load(req.body, { schema: yaml.JSON_SCHEMA });
  res.json(cfg);
});

app.post('/config/local', (req, res) => {
  // ok: js-deserialization-yaml-unsafe-schema
  const cfg = yaml.load(require('fs').readFileSync('defaults.yml', 'utf8'), { schema: yaml.DEFAULT_FULL_SCHEMA });
  res.json({ cfg, user: req.body });
});

app.post('/import', (req, res) => {
  // ruleid: js-deserialization-yaml-load-v3
  const doc = yaml.load(req.body);
  // ok: js-deserialization-yaml-load-v3
  const safe = yaml.safeLoad(req.body);
  // ok: js-deserialization-yaml-load-v3
  const strict = yaml.load(req.body, { schema: yaml.FAILSAFE_SCHEMA });
  res.json({ doc, safe, strict });
});

module.exports = app;
