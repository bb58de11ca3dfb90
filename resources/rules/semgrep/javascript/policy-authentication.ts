import Router from '@koa/router';
import Fastify from 'fastify';
import axios from 'axios';

const router = new Router();

// ruleid: js-missing-auth-route
router.post('/invoices', async (ctx) => {
  ctx.body = await createInvoice(ctx.request.body);
});

// ok: js-missing-auth-route
router.get('/invoices/:id', async (ctx) => {
  if (!ctx.state.user) ctx.throw(401);
  ctx.body = await getInvoice(ctx.params.id);
});

// ok: js-missing-auth-route
const users = axios.get('/api/users', { params: { page: 1 } });

const fastify = Fastify();

// ruleid: js-missing-auth-route
fastify.get('/reports', { schema: { querystring: { type: 'object' } } }, async () => listReports());

// ok: js-missing-auth-route
fastify.get('/reports/:id', { onRequest: [fastify.authenticate] }, async (request) => getReport(request.params));

// ruleid: js-missing-auth-fastify-route
fastify.route({ method: 'POST', url: '/reports', handler: async (request) => createReport(request.body) });

// ok: js-missing-auth-fastify-route
fastify.route({ method: 'DELETE', url: '/reports/:id', preHandler: fastify.auth([fastify.verifyJWT]), handler: deleteReport });

fastify.register(async (instance) => {
  instance.addHook('onRequest', instance.authenticate);
  // ok: js-missing-auth-route
  instance.get('/billing', async () => getBilling());
  // ok: js-missing-auth-fastify-route
  instance.route({ method: 'GET', url: '/billing/history', handler: async () => getHistory() });
});

export { router, fastify, users };
