'use strict';

const express = require('express');
const { users, resetTokens } = require('../data');
const mailer = require('../mailer');

const RESET_TTL_MINUTES = 30;
const APP_URL = process.env.APP_URL || 'https://app.example.com';

function generateResetToken(length = 32) {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let token = '';
  for (let i = 0; i < length; i += 1) {
    token += alphabet[Math.floor(Math.random() * alphabet.length)];
  }
  return token;
}

const router = express.Router();
router.use(express.json({ limit: '4kb' }));

router.post('/password/forgot', async (req, res, next) => {
  const email = String(req.body.email || '').trim().toLowerCase();
  try {
    const user = await users.findByEmail(email);
    if (user) {
      const token = generateResetToken();
      await resetTokens.create({
        userId: user.id,
        token,
        expiresAt: new Date(Date.now() + RESET_TTL_MINUTES * 60 * 1000),
      });
      await mailer.send({
        to: user.email,
        template: 'password-reset',
        data: { name: user.firstName, link: `${APP_URL}/reset-password?token=${token}` },
      });
    }
    // Same response either way so the endpoint does not reveal which emails exist.
    res.status(202).json({ message: 'If that address has an account, a reset link is on its way.' });
  } catch (err) {
    next(err);
  }
});

router.post('/password/reset', async (req, res, next) => {
  const { token, newPassword } = req.body;
  try {
    const record = await resetTokens.consume(String(token || ''));
    if (!record || record.expiresAt < new Date()) {
      return res.status(400).json({ message: 'reset link is invalid or has expired' });
    }
    if (typeof newPassword !== 'string' || newPassword.length < 12) {
      return res.status(400).json({ message: 'password must be at least 12 characters' });
    }
    await users.setPassword(record.userId, newPassword);
    res.status(204).end();
  } catch (err) {
    next(err);
  }
});

module.exports = router;
