const express = require('express');
const escapeHtml = require('escape-html');
const React = require('react');

const app = express();

app.get('/search', (req, res) => {
  // ruleid: js-xss-response
  res.send(`<h1>Results for ${req.query.q}</h1>`);
});

app.get('/hello', (req, res) => {
  const name = req.query.name;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  // ruleid: js-xss-response
  res.end('<p>Hello ' + name + '</p>');
});

app.get('/error', (req, res) => {
  // ruleid: js-xss-response
  res.status(404).send('Page ' + req.originalUrl + ' not found: ' + req.query.ref);
});

app.get('/search/safe', (req, res) => {
  // ok: js-xss-response
  res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);
});

app.get('/echo', (req, res) => {
  // ok: js-xss-response
  res.json({ q: req.query.q });
});

app.get('/echo.txt', (req, res) => {
  res.type('text/plain');
  // ok: js-xss-response
  res.send(req.query.q);
});

app.post('/echo-json', express.json(), (req, res) => {
  // ok: js-xss-response
  res.send(req.body);
});

app.get('/profile', (req, res) => {
  // ok: js-xss-response
  res.render('profile', { name: req.query.name });
});

function SearchBanner({ query }) {
  const params = new URLSearchParams(window.location.search);
  // ruleid: js-xss-dom
  return <div className="banner" dangerouslySetInnerHTML={{ __html: params.get('msg') }} />;
}

function SafeBanner() {
  const params = new URLSearchParams(window.location.search);
  // ok: js-xss-dom
  return <div className="banner">{params.get('msg')}</div>;
}

function StaticBanner() {
  // ok: js-xss-dom
  return <div dangerouslySetInnerHTML={{ __html: '<b>Welcome</b>' }} />;
}

function renderHash() {
  // ruleid: js-xss-dom
  document.getElementById('out').innerHTML = decodeURIComponent(location.hash.slice(1));
  // ok: js-xss-dom
  document.getElementById('out').textContent = decodeURIComponent(location.hash.slice(1));
  // ok: js-xss-dom
  document.getElementById('out2').innerHTML = DOMPurify.sanitize(location.hash.slice(1));
}

module.exports = { app, SearchBanner, SafeBanner, StaticBanner, renderHash };

function htmlText(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function escapeForHtml(value) {
  // named like an escaper, but does not escape anything
  return String(value).trim();
}

app.get('/greet/escaped', (req, res) => {
  // ok: js-xss-response
  res.send(`<p>Hello ${htmlText(req.query.name)}</p>`);
});

app.get('/greet/fake-escaped', (req, res) => {
  // ruleid: js-xss-response
  res.send(`<p>Hello ${escapeForHtml(req.query.name)}</p>`);
});

function renderGreeting(form) {
  return `<p>Hello ${htmlText(form.name)}</p>`;
}

app.post('/greet/helper', (req, res) => {
  // the escaping happens inside a helper the taint rule does not follow into
  // todook: js-xss-response
  res.send(renderGreeting(req.body));
});
