import Fastify from 'fastify';
import authenticate from './plugins/authenticate';
import loginRoutes from './routes/login';
import accountRoutes from './routes/accounts';

export async function buildServer() {
  const app = Fastify({ logger: true });

  await app.register(authenticate);

  app.get('/health', async () => ({ status: 'ok' }));
  await app.register(loginRoutes);
  await app.register(accountRoutes, { prefix: '/accounts' });

  app.setErrorHandler((err, request, reply) => {
    request.log.error({ err }, 'request failed');
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    reply.code(status).send({ message: status === 500 ? 'internal error' : 'bad request' });
  });

  return app;
}
