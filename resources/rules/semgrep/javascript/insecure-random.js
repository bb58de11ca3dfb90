const express = require('express');
const crypto = require('crypto');

const app = express();
app.use(express.json());

app.post('/password-reset', async (req, res) => {
  const user = await db.users.findByEmail(req.body.email);
  // ruleid: js-insecure-random-token
  const resetToken = Math.random().toString(36).slice(2);
  await db.resets.insert({ userId: user.id, resetToken });
  res.sendStatus(204);
});

function generateSessionId() {
  let id = '';
  for (let i = 0; i < 32; i++) {
    // ruleid: js-insecure-random-token
    id += 'abcdef0123456789'[Math.floor(Math.random() * 16)];
  }
  return id;
}

app.post('/otp', (req, res) => {
  // ruleid: js-insecure-random-token
  const otp = Math.floor(100000 + Math.random() * 900000);
  sendSms(req.body.phone, otp);
  res.sendStatus(204);
});

app.post('/password-reset/safe', async (req, res) => {
  const user = await db.users.findByEmail(req.body.email);
  // ok: js-insecure-random-token
  const resetToken = crypto.randomBytes(32).toString('hex');
  await db.resets.insert({ userId: user.id, resetToken });
  res.sendStatus(204);
});

function shuffle(items) {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    // ok: js-insecure-random-token
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function retryDelay(attempt) {
  // ok: js-insecure-random-token
  const jitter = Math.random() * 100;
  return 2 ** attempt * 100 + jitter;
}

module.exports = { app, generateSessionId, shuffle, retryDelay };
