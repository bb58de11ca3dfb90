'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const { randomUUID } = require('node:crypto');
const { lookupSession } = require('./sessions');
const notes = require('./noteStore');

const KEY = Buffer.from(process.env.NOTES_KEY_HEX ?? '', 'hex');
if (KEY.length !== 32) {
  throw new Error('NOTES_KEY_HEX must be 32 bytes of hex');
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function encryptNote(plaintext, noteId) {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', KEY, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(noteId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

function decryptNote(payload, noteId) {
  const raw = Buffer.from(payload, 'base64');
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = crypto.createDecipheriv('aes-256-gcm', KEY, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(noteId, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

function readBody(req, limit = 64 * 1024) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('body too large'), { statusCode: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer(async (req, res) => {
  const session = await lookupSession(req.headers.authorization);
  if (!session) return send(res, 401, { message: 'sign in required' });

  const url = new URL(req.url, 'http://localhost');
  try {
    if (req.method === 'POST' && url.pathname === '/notes') {
      const text = await readBody(req);
      const id = randomUUID();
      await notes.insert({ id, ownerId: session.userId, body: encryptNote(text, id) });
      return send(res, 201, { id });
    }

    const match = /^\/notes\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (req.method === 'GET' && match) {
      const note = await notes.findOwned(match[1], session.userId);
      if (!note) return send(res, 404, { message: 'not found' });
      return send(res, 200, { id: note.id, body: decryptNote(note.body, note.id) });
    }

    send(res, 404, { message: 'not found' });
  } catch (err) {
    send(res, err.statusCode ?? 500, { message: err.statusCode ? err.message : 'internal error' });
  }
});

server.listen(Number(process.env.PORT) || 8080);
