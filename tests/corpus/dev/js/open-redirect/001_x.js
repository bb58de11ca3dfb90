'use strict';

const DEFAULT_LANDING = '/dashboard';

/** @param {import('fastify').FastifyInstance} app */
module.exports = async function signInRoutes(app) {
  app.get('/sign-in/callback', async (request, reply) => {
    const { code, state } = request.query;
    if (typeof code !== 'string' || typeof state !== 'string') {
      return reply.code(400).send({ message: 'missing code or state' });
    }

    const pending = request.session.get('oauthState');
    request.session.set('oauthState', undefined);
    if (!pending || pending.value !== state) {
      return reply.code(400).send({ message: 'sign-in request expired, please try again' });
    }

    const identity = await app.identityProvider.exchangeCode(code);
    await request.session.regenerate();
    request.session.set('userId', identity.userId);

    const returnTo = pending.returnTo || DEFAULT_LANDING;
    return reply.redirect(returnTo, 303);
  });

  app.get('/sign-in', async (request, reply) => {
    const state = app.randomToken();
    const returnTo = typeof request.query.returnTo === 'string' ? request.query.returnTo : DEFAULT_LANDING;
    request.session.set('oauthState', { value: state, returnTo });
    return reply.redirect(app.identityProvider.authorizeUrl(state), 302);
  });
};
