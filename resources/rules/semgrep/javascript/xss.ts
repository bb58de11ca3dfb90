import Koa from 'koa';
import Router from '@koa/router';
import Fastify, { FastifyRequest } from 'fastify';
import { NextRequest } from 'next/server';
import he from 'he';

const router = new Router();

router.get('/welcome', (ctx) => {
  // ruleid: js-xss-response
  ctx.body = `<html><body>Welcome ${ctx.query.user}</body></html>`;
});

router.get('/welcome/safe', (ctx) => {
  // ok: js-xss-response
  ctx.body = `<html><body>Welcome ${he.encode(String(ctx.query.user))}</body></html>`;
});

router.get('/welcome.txt', (ctx) => {
  // ok: js-xss-response
  ctx.body = `Welcome ${ctx.query.user}`;
});

const fastify = Fastify();

fastify.get('/card', async (request: FastifyRequest<{ Querystring: { title: string } }>, reply) => {
  // ruleid: js-xss-response
  return reply.type('text/html').send(`<div class="card">${request.query.title}</div>`);
});

fastify.get('/card.json', async (request: FastifyRequest<{ Querystring: { title: string } }>, reply) => {
  // ok: js-xss-response
  return reply.send({ title: request.query.title });
});

export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get('q') ?? '';
  if (q.length > 100) {
    // ok: js-xss-response
    return new Response(`query too long: ${q}`, { headers: { 'Content-Type': 'text/plain' } });
  }
  // ruleid: js-xss-response
  return new Response(`<p>You searched for ${q}</p>`, { headers: { 'Content-Type': 'text/html' } });
}

export default router;
