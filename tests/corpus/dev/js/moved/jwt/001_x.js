'use strict';

const express = require('express');
const jwt = require('jsonwebtoken');
const { listInvoices, getInvoice } = require('./invoices');

const ISSUER = 'https://auth.example.com/';

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

  const claims = jwt.decode(token);
  if (!claims || claims.iss !== ISSUER || typeof claims.sub !== 'string') {
    return res.status(401).json({ message: 'invalid token' });
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
    return res.status(401).json({ message: 'token expired' });
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
