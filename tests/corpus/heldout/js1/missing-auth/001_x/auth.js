'use strict';

const { findActiveSession } = require('./sessionStore');

async function requireAuth(req, res, next) {
  try {
    const sessionId = req.signedCookies?.sid;
    const session = sessionId ? await findActiveSession(sessionId) : null;
    if (!session) {
      return res.status(401).json({ message: 'sign in required' });
    }
    req.user = { id: session.userId, email: session.email };
    next();
  } catch (err) {
    next(err);
  }
}

module.exports = { requireAuth };
