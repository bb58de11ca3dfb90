import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessions } from '../sessions';

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    account?: { id: string; role: 'member' | 'admin' };
  }
}

export default fp(async (app) => {
  app.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const session = token ? await sessions.lookup(token) : null;
    if (!session) {
      await reply.code(401).send({ message: 'authentication required' });
      return;
    }
    request.account = { id: session.accountId, role: session.role };
  });
});
