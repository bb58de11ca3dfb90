'use strict';

const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const { randomUUID } = require('node:crypto');
const logger = require('./logger');
const bookings = require('./bookingService');

const app = new Koa();
const router = new Router();

app.use(async (ctx, next) => {
  ctx.state.requestId = ctx.get('x-request-id') || randomUUID();
  ctx.set('X-Request-Id', ctx.state.requestId);
  try {
    await next();
  } catch (err) {
    const status = err.status || err.statusCode || 500;
    logger.error({ err, requestId: ctx.state.requestId, path: ctx.path }, 'request failed');
    ctx.status = status;
    ctx.body = {
      error: status < 500 && err.expose ? err.message : 'Something went wrong. Please try again later.',
      requestId: ctx.state.requestId,
    };
  }
});

router.get('/rooms/:roomId/availability', async (ctx) => {
  const day = ctx.query.day;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day || '')) {
    ctx.throw(400, 'day must be YYYY-MM-DD');
  }
  ctx.body = await bookings.availability(ctx.params.roomId, day);
});

router.post('/rooms/:roomId/bookings', async (ctx) => {
  const { start, end, title } = ctx.request.body;
  const booking = await bookings.create({
    roomId: ctx.params.roomId,
    organizerId: ctx.state.user.id,
    start: new Date(start),
    end: new Date(end),
    title: String(title || '').slice(0, 120),
  });
  ctx.status = 201;
  ctx.body = booking;
});

app.use(bodyParser({ jsonLimit: '32kb' }));
app.use(require('./auth').requireUser);
app.use(router.routes());
app.use(router.allowedMethods());

module.exports = app;
