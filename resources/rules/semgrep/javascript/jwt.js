const express = require('express');
const jwt = require('jsonwebtoken');
const jwksClient = require('jwks-rsa');

const app = express();
const SECRET = process.env.JWT_SECRET;
const jwks = jwksClient({ jwksUri: 'https://idp.example.com/.well-known/jwks.json' });

function authenticate(req, res, next) {
  const token = (req.headers.authorization || '').replace('Bearer ', '');
  // ruleid: js-jwt-decode-without-verify, js-jwt-decode-in-auth-middleware
  const claims = jwt.decode(token);
  if (!claims) return res.sendStatus(401);
  req.user = { id: claims.sub, role: claims.role };
  next();
}

function authenticateSafe(req, res, next) {
  const token = (req.headers.authorization || '').replace('Bearer ', '');
  try {
    req.user = jwt.verify(token, SECRET, { algorithms: ['HS256'] });
    // ok: js-jwt-decode-without-verify
    const { header } = jwt.decode(token, { complete: true });
    req.tokenKid = header.kid;
    next();
  } catch (e) {
    res.sendStatus(401);
  }
}

async function authenticateJwks(req, res, next) {
  const token = req.cookies.id_token;
  // ok: js-jwt-decode-without-verify
  const decoded = jwt.decode(token, { complete: true });
  const key = await jwks.getSigningKey(decoded.header.kid);
  req.user = jwt.verify(token, key.getPublicKey(), { algorithms: ['RS256'] });
  next();
}

app.get('/legacy', (req, res) => {
  // ruleid: js-jwt-none-algorithm
  const claims = jwt.verify(req.query.t, SECRET, { algorithms: ['HS256', 'none'] });
  // ok: js-jwt-none-algorithm
  const strict = jwt.verify(req.query.t, SECRET, { algorithms: ['HS256'] });
  // ok: js-jwt-none-algorithm
  const signed = jwt.sign({ sub: strict.sub }, SECRET, { algorithm: 'HS256', expiresIn: '1h' });
  res.json({ claims, signed });
});

module.exports = { app, authenticate, authenticateSafe, authenticateJwks };

function authenticate(req, res, next) {
  const raw = (req.get('authorization') || '').replace(/^Bearer /, '');
  const token = raw || null;
  // ruleid: js-jwt-decode-in-auth-middleware, js-jwt-decode-without-verify
  const payload = jwt.decode(readToken(token));
  if (!payload || payload.exp * 1000 < Date.now()) return res.status(401).end();
  req.user = { id: payload.sub };
  next();
}

function authenticateVerified(req, res, next) {
  const token = readToken(req);
  // ok: js-jwt-decode-in-auth-middleware
  const decoded = jwt.decode(token, { complete: true });
  const key = signingKeys[decoded.header.kid];
  req.user = jwt.verify(token, key, { algorithms: ['RS256'] });
  next();
}

function describeToken(token) {
  // ok: js-jwt-decode-in-auth-middleware
  return jwt.decode(token);
}
