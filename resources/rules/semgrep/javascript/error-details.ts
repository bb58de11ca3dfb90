import Koa from 'koa';
import Fastify from 'fastify';
import { NextRequest, NextResponse } from 'next/server';

const app = new Koa();

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err: any) {
    ctx.status = err.status || 500;
    // ruleid: js-error-details-exposed
    ctx.body = { message: err.message, stack: err.stack };
  }
});

const fastify = Fastify();

fastify.setErrorHandler((error, request, reply) => {
  request.log.error(error);
  // ok: js-error-details-exposed
  reply.status(500).send({ error: 'Internal Server Error', id: request.id });
});

export async function POST(request: NextRequest) {
  try {
    const body = await request.json();
    return NextResponse.json(await save(body));
  } catch (error) {
    // ruleid: js-error-details-exposed
    return NextResponse.json({ error: String(error) }, { status: 500 });
  }
}

export async function GET() {
  try {
    return NextResponse.json(await load());
  } catch (error) {
    console.error(error);
    // ok: js-error-details-exposed
    return NextResponse.json({ error: 'Failed to load' }, { status: 500 });
  }
}

export { app, fastify };

export async function PUT(request: Request) {
  try {
    const body = await request.json();
    return NextResponse.json(await saveProfile(body));
  } catch (e) {
    const failure = e as Error & { code?: string };
    if (failure.code === 'P2025') {
      // ok: js-error-details-exposed
      return NextResponse.json({ error: 'not found' }, { status: 404 });
    }
    // ruleid: js-error-details-exposed
    return NextResponse.json({ error: failure.message, code: failure.code }, { status: 500 });
  }
}

export async function PATCH(request: Request) {
  try {
    return NextResponse.json(await saveProfile(await request.json()));
  } catch (e) {
    const failure = e as Error;
    console.error('profile update failed', failure.stack);
    // ok: js-error-details-exposed
    return NextResponse.json({ error: 'could not save the profile' }, { status: 500 });
  }
}
