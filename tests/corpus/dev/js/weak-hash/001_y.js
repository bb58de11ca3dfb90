'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const bcrypt = require('bcryptjs');
const userStore = require('./userStore');
const tokens = require('./tokenStore');

const BCRYPT_COST = 12;
// Compared against when the user does not exist, so both paths take similar time.
const DUMMY_HASH = bcrypt.hashSync(crypto.randomBytes(18).toString('base64'), BCRYPT_COST);

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw Object.assign(new Error('payload too large'), { status: 413 });
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function reply(res, status, payload) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(payload === undefined ? '' : JSON.stringify(payload));
}

async function register(req, res) {
  const { username, password } = await readJson(req);
  if (typeof username !== 'string' || !/^[a-z0-9_.-]{3,32}$/.test(username)) {
    return reply(res, 400, { message: 'username must be 3-32 characters' });
  }
  if (typeof password !== 'string' || password.length < 10 || password.length > 72) {
    return reply(res, 400, { message: 'password must be 10-72 characters' });
  }
  const hash = await bcrypt.hash(password, BCRYPT_COST);
  const created = await userStore.create({ username, hash });
  if (!created) return reply(res, 409, { message: 'username is taken' });
  reply(res, 201, { username });
}

async function login(req, res) {
  const { username, password } = await readJson(req);
  const user = typeof username === 'string' ? await userStore.find(username) : null;
  const matches = await bcrypt.compare(String(password), user ? user.hash : DUMMY_HASH);
  if (!user || !matches) {
    return reply(res, 401, { message: 'wrong username or password' });
  }
  const token = crypto.randomBytes(32).toString('base64url');
  await tokens.issue(token, user.id, { ttlSeconds: 3600 });
  reply(res, 200, { token, expiresIn: 3600 });
}

http
  .createServer(async (req, res) => {
    try {
      if (req.method === 'POST' && req.url === '/api/users') return await register(req, res);
      if (req.method === 'POST' && req.url === '/api/session') return await login(req, res);
      reply(res, 404, { message: 'not found' });
    } catch (err) {
      const status = err instanceof SyntaxError ? 400 : err.status || 500;
      reply(res, status, { message: status === 500 ? 'internal error' : 'bad request' });
    }
  })
  .listen(Number(process.env.PORT) || 8080);
