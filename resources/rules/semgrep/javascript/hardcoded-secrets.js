const express = require('express');
const session = require('express-session');
const mysql = require('mysql2');
const jwt = require('jsonwebtoken');
const { Sequelize } = require('sequelize');
const mongoose = require('mongoose');

const app = express();

const pool = mysql.createPool({
  host: 'db.internal',
  user: 'app',
  // ruleid: js-hardcoded-secret-property
  password: 'Sup3rS3cret!',
  database: 'shop',
});

const envPool = mysql.createPool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  // ok: js-hardcoded-secret-property
  password: process.env.DB_PASSWORD,
  database: 'shop',
});

app.use(
  session({
    // ruleid: js-hardcoded-secret-property
    secret: 'changeme',
    resave: false,
    saveUninitialized: false,
  })
);

const loginForm = {
  usernameField: 'email',
  // ok: js-hardcoded-secret-property
  passwordField: 'password',
  // ok: js-hardcoded-secret-property
  tokenType: 'Bearer',
  // ok: js-hardcoded-secret-property
  password: '',
};

// ruleid: js-hardcoded-secret-variable
const JWT_SECRET = 'my-jwt-signing-key-2023';
// ok: js-hardcoded-secret-variable
const JWT_SECRET_ENV = process.env.JWT_SECRET;
// ok: js-hardcoded-secret-variable
const PASSWORD_RESET_PATH = '/account/reset';
// ok: js-hardcoded-secret-variable
const CSRF_HEADER_TOKEN = 'x-csrf-token';

app.post('/login', (req, res) => {
  // ruleid: js-hardcoded-secret-argument
  const token = jwt.sign({ sub: req.body.user }, 'k3y-for-tokens', { expiresIn: '1h' });
  // ok: js-hardcoded-secret-argument
  const token2 = jwt.sign({ sub: req.body.user }, process.env.JWT_SECRET, { expiresIn: '1h' });
  res.json({ token, token2 });
});

// ruleid: js-hardcoded-secret-argument
const sequelize = new Sequelize('shop', 'admin', 'hunter22', { host: 'localhost', dialect: 'postgres' });
// ok: js-hardcoded-secret-argument
const sequelize2 = new Sequelize(process.env.DB_NAME, process.env.DB_USER, process.env.DB_PASS, { dialect: 'postgres' });

// ruleid: js-hardcoded-secret-connection-string
mongoose.connect('mongodb://admin:Passw0rd123@mongo.internal:27017/app');
// ok: js-hardcoded-secret-connection-string
mongoose.connect(process.env.MONGO_URL);
// ok: js-hardcoded-secret-connection-string
const docsUrl = 'https://docs.example.com/guide';

// ruleid: js-hardcoded-secret-known-format
const stripeKey = ['sk_live_51HxAbCdEfGhIjKlMnOpQrStUv'][0];
// ok: js-hardcoded-secret-known-format
const stripePublishable = 'pk_live_51HxAbCdEfGhIjKlMnOpQrStUv';
// ok: js-hardcoded-secret-known-format
const stripeFromEnv = process.env.STRIPE_SECRET_KEY;

module.exports = { app, pool, envPool, loginForm, JWT_SECRET, JWT_SECRET_ENV, PASSWORD_RESET_PATH, CSRF_HEADER_TOKEN, sequelize, sequelize2, docsUrl, stripeKey, stripePublishable, stripeFromEnv };
