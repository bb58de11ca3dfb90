'use strict';

const crypto = require('node:crypto');
const express = require('express');
const bcrypt = require('bcrypt');
const { findUserByEmail, createSession, deleteSession } = require('./store');

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const COOKIE_NAME = 'auth_token';

const router = express.Router();
router.use(express.json({ limit: '10kb' }));

function tokenDigest(token) {
  return crypto.createHash('sha256').update(token).digest('hex');
}

router.post('/auth/login', async (req, res, next) => {
  try {
    const email = String(req.body.email || '').trim().toLowerCase();
    const password = String(req.body.password || '');

    const user = await findUserByEmail(email);
    const ok = user ? await bcrypt.compare(password, user.passwordHash) : false;
    if (!ok) {
      return res.status(401).json({ message: 'invalid email or password' });
    }

    const token = crypto.randomBytes(32).toString('base64url');
    await createSession({
      userId: user.id,
      tokenHash: tokenDigest(token),
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    });

    res.cookie(COOKIE_NAME, token, {
      secure: true,
      sameSite: 'strict',
      maxAge: SESSION_TTL_MS,
      path: '/',
    });
    res.json({ id: user.id, name: user.name });
  } catch (err) {
    next(err);
  }
});

router.post('/auth/logout', async (req, res, next) => {
  try {
    const token = req.cookies?.[COOKIE_NAME];
    if (token) await deleteSession(tokenDigest(token));
    res.clearCookie(COOKIE_NAME, { path: '/' });
    res.status(204).end();
  } catch (err) {
    next(err);
  }
});

module.exports = router;
