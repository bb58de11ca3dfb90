const express = require('express');
const fs = require('fs');
const xpath = require('xpath');
const { DOMParser } = require('@xmldom/xmldom');

const app = express();
const doc = new DOMParser().parseFromString(fs.readFileSync('users.xml', 'utf8'), 'text/xml');

app.post('/login', express.urlencoded({ extended: false }), (req, res) => {
  const { user, pass } = req.body;
  // ruleid: js-xpath-injection
  const nodes = xpath.select(`//user[name/text()='${user}' and password/text()='${pass}']`, doc);
  res.json({ ok: nodes.length > 0 });
});

app.get('/books', (req, res) => {
  const expr = "//book[author='" + req.query.author + "']/title/text()";
  // ruleid: js-xpath-injection
  const titles = xpath.select(expr, doc).map((n) => n.nodeValue);
  res.json(titles);
});

app.get('/books/safe', (req, res) => {
  // ok: js-xpath-injection
  const titles = xpath.parse("//book[author=$author]/title/text()")
    .select({ node: doc, variables: { author: String(req.query.author) } })
    .map((n) => n.nodeValue);
  res.json(titles);
});

app.get('/books/:index', (req, res) => {
  const index = parseInt(req.params.index, 10);
  // ok: js-xpath-injection
  const node = xpath.select1(`//book[${index}]/title/text()`, doc);
  res.json({ title: node ? node.nodeValue : null });
});

module.exports = app;
