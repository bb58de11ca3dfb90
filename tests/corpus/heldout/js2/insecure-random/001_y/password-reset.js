'use strict';

const Router = require('@koa/router');
const { secureCode, expiresIn } = require('./codes');
const { users, resetTokens } = require('./db');
const mailer = require('./mailer');

const router = new Router({ prefix: '/account' });

router.post('/password-reset', async (ctx) => {
  const email = String(ctx.request.body?.email || '').trim().toLowerCase();
  if (!email) {
    ctx.status = 400;
    ctx.body = { error: 'email is required' };
    return;
  }

  const user = await users.findOne({ email });
  // always answer the same way so the endpoint doesn't reveal which addresses exist
  ctx.status = 202;
  ctx.body = { status: 'if the account exists, a message has been sent' };
  if (!user) return;

  const code = secureCode(12);
  await resetTokens.insertOne({
    userId: user._id,
    code,
    expiresAt: expiresIn(30),
    used: false,
  });

  await mailer.send({
    to: user.email,
    template: 'password-reset',
    vars: { link: `https://app.example.org/reset?code=${code}` },
  });
});

router.post('/password-reset/confirm', async (ctx) => {
  const { code, newPassword } = ctx.request.body || {};
  if (typeof code !== 'string' || typeof newPassword !== 'string' || newPassword.length < 12) {
    ctx.status = 400;
    ctx.body = { error: 'invalid request' };
    return;
  }

  const token = await resetTokens.findOneAndUpdate(
    { code, used: false, expiresAt: { $gt: new Date() } },
    { $set: { used: true } },
  );
  if (!token) {
    ctx.status = 400;
    ctx.body = { error: 'code is invalid or expired' };
    return;
  }

  await users.setPassword(token.userId, newPassword);
  ctx.status = 204;
});

module.exports = router;
