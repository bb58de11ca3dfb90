'use strict';

const fs = require('node:fs');
const express = require('express');
const { Agent } = require('undici');

// inventory.internal uses a certificate from the platform team's private CA.
const internalDispatcher = new Agent({
  connect: {
    ca: fs.readFileSync(process.env.INTERNAL_CA_FILE || '/etc/pki/platform/root-ca.pem'),
  },
});

const INVENTORY_URL = process.env.INVENTORY_URL || 'https://inventory.internal:8443';
const SKU = /^[A-Z0-9]{3,12}-[A-Z0-9]{2,8}$/;

async function fetchStock(sku) {
  const url = new URL(`/v1/stock/${encodeURIComponent(sku)}`, INVENTORY_URL);
  const response = await fetch(url, {
    dispatcher: internalDispatcher,
    headers: { Authorization: `Bearer ${process.env.INVENTORY_TOKEN}` },
    signal: AbortSignal.timeout(3000),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`inventory responded ${response.status}`);
  return response.json();
}

const router = express.Router();

router.get('/products/:sku/availability', async (req, res) => {
  const sku = String(req.params.sku).toUpperCase();
  if (!SKU.test(sku)) {
    return res.status(400).json({ message: 'invalid SKU' });
  }
  try {
    const stock = await fetchStock(sku);
    if (!stock) return res.status(404).json({ message: 'unknown product' });
    res.set('Cache-Control', 'public, max-age=30');
    res.json({
      sku,
      inStock: stock.available > 0,
      quantity: Math.min(stock.available, 50),
      nextDelivery: stock.nextDelivery ?? null,
    });
  } catch (err) {
    req.log?.warn({ err, sku }, 'availability lookup failed');
    res.status(503).json({ message: 'availability is temporarily unknown' });
  }
});

module.exports = router;
