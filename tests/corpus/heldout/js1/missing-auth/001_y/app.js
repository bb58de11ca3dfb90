'use strict';

const express = require('express');
const cookieParser = require('cookie-parser');
const { login, logout } = require('./routes/session');
const projects = require('./routes/projects');
const { requireAuth } = require('./auth');

const app = express();
app.disable('x-powered-by');
app.use(cookieParser(process.env.COOKIE_SECRET));
app.use(express.json({ limit: '64kb' }));

app.get('/health', (_req, res) => res.json({ status: 'ok' }));
app.post('/login', login);
app.post('/logout', requireAuth, logout);

app.use('/projects', projects);

app.use((err, req, res, _next) => {
  req.log?.error({ err }, 'unhandled error');
  res.status(500).json({ message: 'internal error' });
});

module.exports = app;
