import Router from '@koa/router';
import { NextRequest, NextResponse } from 'next/server';
import { cookies } from 'next/headers';

const router = new Router();

router.post('/login', async (ctx) => {
  const sid = await createSession(ctx.request.body);
  // ruleid: js-insecure-cookie-koa-httponly-false
  ctx.cookies.set('sid', sid, { httpOnly: false, signed: true });
  // ok: js-insecure-cookie-koa-httponly-false, js-insecure-cookie-missing-secure
  ctx.cookies.set('koa.sess', sid, { signed: true, sameSite: 'lax' });
  // ok: js-insecure-cookie-koa-httponly-false
  ctx.cookies.set('locale', 'en', { httpOnly: false });
  ctx.status = 204;
});

export async function POST(request: NextRequest) {
  const { token } = await request.json();
  const res = NextResponse.json({ ok: true });
  // ruleid: js-insecure-cookie-missing-httponly, js-insecure-cookie-missing-secure
  res.cookies.set('access_token', token);
  // ok: js-insecure-cookie-missing-httponly, js-insecure-cookie-missing-secure
  res.cookies.set('refresh_token', token, { httpOnly: true, secure: true, sameSite: 'strict', path: '/api/auth' });
  return res;
}

export async function PUT(request: NextRequest) {
  const { token } = await request.json();
  // ruleid: js-insecure-cookie-missing-httponly
  cookies().set('session', token, { secure: true, sameSite: 'lax' });
  // ok: js-insecure-cookie-missing-httponly
  cookies().set('session_hint', '1', { secure: true, httpOnly: true });
  return NextResponse.json({ ok: true });
}

export default router;

const AUTH_COOKIE_NAME = 'acct_auth';
const PREFS_COOKIE = 'ui_prefs';

export async function PATCH(request: NextRequest) {
  const res = NextResponse.json({ ok: true });
  // ruleid: js-insecure-cookie-missing-secure, js-insecure-cookie-missing-httponly
  res.cookies.set(AUTH_COOKIE_NAME, 'opaque-id', { path: '/', sameSite: 'lax' });
  // ok: js-insecure-cookie-missing-secure, js-insecure-cookie-missing-httponly
  res.cookies.set(AUTH_COOKIE_NAME, 'opaque-id', { path: '/', httpOnly: true, secure: true });
  // ok: js-insecure-cookie-missing-secure, js-insecure-cookie-missing-httponly
  res.cookies.set(PREFS_COOKIE, 'dark', { path: '/' });
  return res;
}
