import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { db } from '../db';

const MIN_PASSWORD_LENGTH = 12;
const KEY_LENGTH = 64;
const SCRYPT_PARAMS: ScryptOptions = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function deriveKey(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT_PARAMS, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await deriveKey(password, salt);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await deriveKey(password, Buffer.from(saltB64, 'base64'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const accounts = Router();

accounts.post('/signup', async (req: Request, res: Response) => {
  const email = String(req.body.email ?? '').trim().toLowerCase();
  const password = String(req.body.password ?? '');

  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || password.length < MIN_PASSWORD_LENGTH) {
    res.status(400).json({ message: 'a valid email and a password of at least 12 characters are required' });
    return;
  }

  const existing = await db('users').where({ email }).first('id');
  if (existing) {
    res.status(409).json({ message: 'an account with that email already exists' });
    return;
  }

  const [user] = await db('users')
    .insert({ email, password_hash: await hashPassword(password), created_at: new Date() })
    .returning(['id', 'email']);
  res.status(201).json(user);
});

accounts.post('/login', async (req: Request, res: Response) => {
  const email = String(req.body.email ?? '').trim().toLowerCase();
  const password = String(req.body.password ?? '');

  const user = await db('users').where({ email }).first('id', 'password_hash');
  if (!user || !(await verifyPassword(password, user.password_hash))) {
    res.status(401).json({ message: 'invalid email or password' });
    return;
  }

  req.session.regenerate((err) => {
    if (err) {
      res.status(500).json({ message: 'could not start session' });
      return;
    }
    req.session.userId = user.id;
    res.status(204).end();
  });
});
