import { NextRequest, NextResponse } from 'next/server';
import { decodeJwt, jwtVerify } from 'jose';

const key = new TextEncoder().encode(process.env.JWT_SECRET);

export async function GET(request: NextRequest) {
  const token = request.cookies.get('session')?.value ?? '';
  // ruleid: js-jwt-decode-without-verify
  const claims = decodeJwt(token);
  return NextResponse.json({ user: claims.sub });
}

export async function POST(request: NextRequest) {
  const token = request.cookies.get('session')?.value ?? '';
  const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
  // ok: js-jwt-decode-without-verify
  const raw = decodeJwt(token);
  return NextResponse.json({ user: payload.sub, iat: raw.iat });
}

export function readExpiry(storedToken: string) {
  // ok: js-jwt-decode-without-verify
  return decodeJwt(storedToken).exp;
}

export async function PUT(request: NextRequest) {
  const token = request.headers.get('authorization')?.slice(7) ?? '';
  try {
    const verified = await jwtVerify(token, key, { algorithms: ['HS256'] });
    void verified;
  } catch (e) {
    console.warn('token verification failed', e);
  }
  // ruleid: js-jwt-verify-failure-ignored
  const claims = decodeJwt(token);
  return NextResponse.json({ user: claims.sub });
}

export function legacyUser(bearer: string, secret: string) {
  try {
    jsonwebtoken.verify(bearer, secret);
  } catch {
    metrics.increment('jwt.invalid');
  }
  // ruleid: js-jwt-verify-failure-ignored
  return jsonwebtoken.decode(bearer);
}

export async function DELETE(request: NextRequest) {
  const token = request.headers.get('authorization')?.slice(7) ?? '';
  try {
    await jwtVerify(token, key, { algorithms: ['HS256'] });
  } catch (e) {
    console.warn('token verification failed', e);
    return NextResponse.json({ error: 'unauthorized' }, { status: 401 });
  }
  // ok: js-jwt-verify-failure-ignored
  const claims = decodeJwt(token);
  return NextResponse.json({ user: claims.sub });
}

export function strictUser(bearer: string, secret: string) {
  try {
    jsonwebtoken.verify(bearer, secret);
  } catch (err) {
    throw new Error('invalid token');
  }
  // ok: js-jwt-verify-failure-ignored
  return jsonwebtoken.decode(bearer);
}

export function outerTry(bearer: string, secret: string) {
  try {
    const user = jsonwebtoken.verify(bearer, secret);
    // ok: js-jwt-verify-failure-ignored
    const header = jsonwebtoken.decode(bearer, { complete: true });
    return { user, header };
  } catch (err) {
    console.error(err);
  }
  return null;
}
