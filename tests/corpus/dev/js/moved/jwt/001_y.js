'use strict';

const express = require('express');
const jwt = require('jsonwebtoken');
const { listInvoices, getInvoice } = require('./invoices');

const ISSUER = 'https://auth.example.com/';
const SIGNING_SECRET = process.env.JWT_SIGNING_SECRET;
if (!SIGNING_SECRET) {
  throw new Error('JWT_SIGNING_SECRET is not set');
}

function bearerToken(req) {
  const header = req.get('authorization') || '';
  const [scheme, token] = header.split(' ');
  return scheme && scheme.toLowerCase() === 'bearer' && token ? token : null;
}

function requireUser(req, res, next) {
  const token = bearerToken(req);
  if (!token) {
    return res.status(401).json({ message: 'missing bearer token' });
  }

  let claims;
  try {
    claims = jwt.verify(token, SIGNING_SECRET, { algorithms: ['HS256'], issuer: ISSUER });
  } catch (err) {
    const message = err instanceof jwt.TokenExpiredError ? 'token expired' : 'invalid token';
    return res.status(401).json({ message });
  }
  if (typeof claims.sub !== 'string') {
    return res.status(401).json({ message: 'invalid token' });
  }

  req.user = { id: claims.sub, scopes: String(claims.scope || '').split(' ') };
  next();
}

const router = express.Router();
router.use(requireUser);

router.get('/invoices', async (req, res, next) => {
  try {
    res.json(await listInvoices(req.user.id));
  } catch (err) {
    next(err);
  }
});

router.get('/invoices/:invoiceId', async (req, res, next) => {
  try {
    const invoice = await getInvoice(req.user.id, req.params.invoiceId);
    if (!invoice) return res.status(404).json({ message: 'not found' });
    res.json(invoice);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
