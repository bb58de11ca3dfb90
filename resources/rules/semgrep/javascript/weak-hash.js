const express = require('express');
const crypto = require('crypto');
const bcrypt = require('bcrypt');

const app = express();
app.use(express.json());

app.post('/register', async (req, res) => {
  const { email, password } = req.body;
  // ruleid: js-weak-hash-password
  const passwordHash = crypto.createHash('md5').update(password).digest('hex');
  await db.users.insert({ email, passwordHash });
  res.sendStatus(201);
});

function hashResetToken(resetToken) {
  // ruleid: js-weak-hash-password
  const h = crypto.createHash('sha1');
  h.update(resetToken);
  return h.digest('hex');
}

app.post('/register/safe', async (req, res) => {
  const { email, password } = req.body;
  // ok: js-weak-hash-password
  const passwordHash = await bcrypt.hash(password, 12);
  await db.users.insert({ email, passwordHash });
  res.sendStatus(201);
});

app.get('/assets/:name', async (req, res) => {
  const content = await readAsset(req.params.name);
  // ok: js-weak-hash-password
  const etag = crypto.createHash('md5').update(content).digest('hex');
  res.set('ETag', etag).send(content);
});

function tokenDigest(apiToken) {
  // ok: js-weak-hash-password
  return crypto.createHash('sha256').update(apiToken).digest('hex');
}

module.exports = { app, hashResetToken, tokenDigest };
