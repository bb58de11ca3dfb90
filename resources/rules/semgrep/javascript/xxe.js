const express = require('express');
const libxmljs = require('libxmljs');

const app = express();
app.use(express.text({ type: 'application/xml' }));

app.post('/invoices', (req, res) => {
  // ruleid: js-xxe-libxmljs-noent
  const doc = libxmljs.parseXml(req.body, { noent: true, noblanks: true });
  res.json({ total: doc.get('//total').text() });
});

app.post('/invoices/safe', (req, res) => {
  // ok: js-xxe-libxmljs-noent
  const doc = libxmljs.parseXml(req.body, { noent: false, nonet: true });
  res.json({ total: doc.get('//total').text() });
});

app.post('/invoices/default', (req, res) => {
  // ok: js-xxe-libxmljs-noent
  const doc = libxmljs.parseXml(req.body);
  res.json({ total: doc.get('//total').text() });
});

module.exports = app;
