import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { db } from '../db';

const MIN_PASSWORD_LENGTH = 12;

function hashPassword(password: string, salt = randomBytes(16).toString('hex')): string {
  const digest = createHash('sha1').update(`${salt}:${password}`, 'utf8').digest('hex');
  return `${salt}$${digest}`;
}

function verifyPassword(password: string, stored: string): boolean {
  const [salt, expected] = stored.split('$');
  if (!salt || !expected) return false;
  const actual = hashPassword(password, salt).split('$')[1];
  return timingSafeEqual(Buffer.from(actual, 'hex'), Buffer.from(expected, 'hex'));
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
    .insert({ email, password_hash: hashPassword(password), created_at: new Date() })
    .returning(['id', 'email']);
  res.status(201).json(user);
});

accounts.post('/login', async (req: Request, res: Response) => {
  const email = String(req.body.email ?? '').trim().toLowerCase();
  const password = String(req.body.password ?? '');

  const user = await db('users').where({ email }).first('id', 'password_hash');
  if (!user || !verifyPassword(password, user.password_hash)) {
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
