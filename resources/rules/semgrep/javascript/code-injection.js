const express = require('express');
const vm = require('vm');
const ejs = require('ejs');
const { evaluate } = require('mathjs');

const app = express();
app.use(express.json());

app.get('/calc', (req, res) => {
  // ruleid: js-code-injection
  const result = eval(req.query.expr);
  res.json({ result });
});

app.post('/rules', (req, res) => {
  const { condition } = req.body;
  // ruleid: js-code-injection
  const check = new Function('order', 'return ' + condition);
  res.json({ matches: check({ total: 10 }) });
});

app.post('/sandbox', (req, res) => {
  // ruleid: js-code-injection
  const out = vm.runInNewContext(req.body.script, { Math });
  res.json({ out });
});

app.post('/preview', (req, res) => {
  // ruleid: js-code-injection
  const html = ejs.render(req.body.template, { user: req.user });
  res.send(html);
});

app.get('/calc/safe', (req, res) => {
  // ok: js-code-injection
  const result = evaluate(String(req.query.expr));
  res.json({ result });
});

app.post('/import', (req, res) => {
  // ok: js-code-injection
  const data = JSON.parse(req.body.payload);
  res.json({ count: data.length });
});

app.post('/greet', (req, res) => {
  // ok: js-code-injection
  const html = ejs.render('<p>Hello <%= name %></p>', { name: req.body.name });
  res.send(html);
});

app.get('/delay', (req, res) => {
  const ms = req.query.ms;
  // ok: js-code-injection
  setTimeout(() => res.json({ done: true }), Math.min(Number(ms), 5000));
});

module.exports = app;

function toFilter(expression) {
  // ruleid: js-code-injection-eval-argument
  return new Function('row', `return (${expression});`);
}

const readConfig = (text) => {
  // ruleid: js-code-injection-eval-argument
  return vm.runInNewContext('(' + text + ')', {});
};

class Calculator {
  compute(formula) {
    // ruleid: js-code-injection-eval-argument
    return eval(formula.trim());
  }
}

function quoteValue(value) {
  // ok: js-code-injection-eval-argument
  return eval('(' + JSON.stringify(value) + ')');
}

function version() {
  // ok: js-code-injection-eval-argument
  return eval('1 + 1');
}

app.post('/filters', (req, res) => {
  const filter = toFilter(req.body.where);
  res.json({ ok: typeof filter === 'function' });
});
