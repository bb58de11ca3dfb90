import type { FastifyInstance } from 'fastify';
import { accounts } from '../accountStore';

interface ProfilePatch {
  displayName?: string;
  locale?: string;
}

const ROLES = new Set(['member', 'admin']);

export default async function accountRoutes(app: FastifyInstance) {
  app.get('/me', { onRequest: [app.authenticate] }, async (request) => {
    return accounts.get(request.account!.id);
  });

  app.patch<{ Body: ProfilePatch }>('/me', { onRequest: [app.authenticate] }, async (request) => {
    const { displayName, locale } = request.body;
    return accounts.update(request.account!.id, {
      displayName: displayName?.trim().slice(0, 80),
      locale: locale && /^[a-z]{2}(-[A-Z]{2})?$/.test(locale) ? locale : undefined,
    });
  });

  app.put<{ Params: { accountId: string }; Body: { role: string } }>(
    '/:accountId/role',
    async (request, reply) => {
      const { role } = request.body;
      if (!ROLES.has(role)) {
        return reply.code(400).send({ message: 'unknown role' });
      }
      const updated = await accounts.setRole(request.params.accountId, role as 'member' | 'admin');
      if (!updated) {
        return reply.code(404).send({ message: 'account not found' });
      }
      request.log.info({ accountId: request.params.accountId, role }, 'role changed');
      return { id: updated.id, role: updated.role };
    },
  );
}
