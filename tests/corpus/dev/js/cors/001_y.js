'use strict';

const Fastify = require('fastify');
const cors = require('@fastify/cors');
const cookie = require('@fastify/cookie');
const session = require('@fastify/session');

async function buildServer() {
  const app = Fastify({ logger: { level: process.env.LOG_LEVEL || 'info' }, trustProxy: true });

  await app.register(cookie);
  await app.register(session, {
    secret: process.env.SESSION_SECRET,
    cookieName: 'sid',
    cookie: { secure: true, httpOnly: true, sameSite: 'none', maxAge: 4 * 60 * 60 * 1000 },
  });

  // The SPA is served from several preview and production domains.
  await app.register(cors, {
    origin: true,
    credentials: true,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Content-Type', 'X-CSRF-Token'],
    maxAge: 600,
  });

  await app.register(require('./routes/auth'), { prefix: '/auth' });
  await app.register(require('./routes/workspaces'), { prefix: '/api/workspaces' });
  await app.register(require('./routes/billing'), { prefix: '/api/billing' });

  app.get('/health', async () => ({ ok: true }));

  return app;
}

if (require.main === module) {
  buildServer()
    .then((app) => app.listen({ port: Number(process.env.PORT) || 4000, host: '0.0.0.0' }))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

module.exports = { buildServer };
