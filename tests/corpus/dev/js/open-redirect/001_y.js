'use strict';

const DEFAULT_LANDING = '/dashboard';
const APP_ORIGIN = new URL(process.env.APP_ORIGIN || 'https://app.example.com').origin;

function localPath(candidate) {
  if (typeof candidate !== 'string' || candidate.length === 0) return DEFAULT_LANDING;
  let url;
  try {
    url = new URL(candidate, APP_ORIGIN);
  } catch {
    return DEFAULT_LANDING;
  }
  if (url.origin !== APP_ORIGIN || url.pathname.startsWith('//')) return DEFAULT_LANDING;
  return `${url.pathname}${url.search}${url.hash}`;
}

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

    const returnTo = localPath(pending.returnTo);
    return reply.redirect(returnTo, 303);
  });

  app.get('/sign-in', async (request, reply) => {
    const state = app.randomToken();
    const returnTo = localPath(request.query.returnTo);
    request.session.set('oauthState', { value: state, returnTo });
    return reply.redirect(app.identityProvider.authorizeUrl(state), 302);
  });
};
