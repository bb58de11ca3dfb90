import Fastify from 'fastify';
import fastifyCors from '@fastify/cors';
import Koa from 'koa';
import koaCors from '@koa/cors';

const fastify = Fastify();
// ruleid: js-cors-credentials-any-origin
fastify.register(fastifyCors, { origin: '*', credentials: true });

const koa = new Koa();
// ruleid: js-cors-credentials-any-origin
koa.use(koaCors({ origin: (ctx) => ctx.get('Origin'), credentials: true }));

const TRUSTED = ['https://app.example.com'];
// ok: js-cors-credentials-any-origin
koa.use(koaCors({ origin: (ctx) => (TRUSTED.includes(ctx.get('Origin')) ? ctx.get('Origin') : ''), credentials: true }));

// ok: js-cors-credentials-any-origin
fastify.register(fastifyCors, { origin: ['https://app.example.com'], credentials: true });

export async function OPTIONS(request: Request) {
  const headers = new Headers();
  headers.set('Access-Control-Allow-Credentials', 'true');
  // ruleid: js-cors-reflected-origin-credentials
  headers.set('Access-Control-Allow-Origin', request.headers.get('origin') ?? '');
  // ok: js-cors-reflected-origin-credentials
  headers.set('Access-Control-Allow-Methods', 'GET, POST');
  return new Response(null, { status: 204, headers });
}

export { fastify, koa };
