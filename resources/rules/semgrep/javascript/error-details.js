const express = require('express');
const crypto = require('crypto');
const logger = require('./logger');

const app = express();

class ValidationError extends Error {}

app.get('/orders/:id', async (req, res) => {
  try {
    const order = await db.orders.find(req.params.id);
    res.json(order);
  } catch (err) {
    // ruleid: js-error-details-exposed
    res.status(500).json({ error: err.message });
  }
});

app.post('/reports', async (req, res) => {
  try {
    res.json(await buildReport(req.body));
  } catch (e) {
    if (e instanceof ValidationError) {
      // ok: js-error-details-exposed
      return res.status(400).json({ error: e.message });
    }
    const requestId = crypto.randomUUID();
    logger.error({ err: e, requestId }, 'report failed');
    // ok: js-error-details-exposed
    res.status(500).json({ error: 'Internal server error', requestId });
  }
});

app.get('/files', (req, res) => {
  listFiles((err, files) => {
    // ruleid: js-error-details-exposed
    if (err) return res.status(500).send(`Failed: ${err}`);
    res.json(files);
  });
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  logger.error(err);
  // ruleid: js-error-details-exposed
  res.status(500).send(err.stack);
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  logger.error(err);
  // ok: js-error-details-exposed
  res.status(500).json({ error: process.env.NODE_ENV === 'development' ? err.message : 'Something went wrong' });
});

module.exports = app;
