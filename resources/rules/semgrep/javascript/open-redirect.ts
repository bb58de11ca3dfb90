import { NextRequest, NextResponse } from 'next/server';
import Router from '@koa/router';

export async function GET(request: NextRequest) {
  const callbackUrl = request.nextUrl.searchParams.get('callbackUrl') ?? '/';
  if (request.nextUrl.searchParams.has('mode')) {
    // ruleid: js-open-redirect
    return NextResponse.redirect(new URL(callbackUrl, request.url));
  }
  // ok: js-open-redirect
  return NextResponse.redirect(new URL('/dashboard', request.url));
}

const router = new Router();

router.get('/sso/return', (ctx) => {
  // ruleid: js-open-redirect
  ctx.redirect(ctx.query.return_to as string);
});

router.get('/sso/return/safe', (ctx) => {
  const returnTo = ctx.query.return_to as string;
  if (!returnTo || !returnTo.startsWith('/') || returnTo.startsWith('//')) {
    return ctx.redirect('/');
  }
  // ok: js-open-redirect
  ctx.redirect(returnTo);
});

export default router;
