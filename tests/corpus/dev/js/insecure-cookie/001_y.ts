import { NextResponse, type NextRequest } from 'next/server';
import { verifyCredentials } from '@/lib/users';
import { createSession, revokeSession } from '@/lib/sessions';

const SESSION_COOKIE = 'app_session';
const SESSION_MAX_AGE = 60 * 60 * 24 * 7;

export async function POST(request: Request) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '').trim().toLowerCase();
  const password = String(form.get('password') ?? '');

  const user = await verifyCredentials(email, password);
  if (!user) {
    return NextResponse.json({ error: 'Incorrect email or password.' }, { status: 401 });
  }

  const session = await createSession(user.id, { maxAgeSeconds: SESSION_MAX_AGE });

  const response = NextResponse.json({ user: { id: user.id, name: user.name } });
  response.cookies.set(SESSION_COOKIE, session.token, {
    path: '/',
    maxAge: SESSION_MAX_AGE,
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
  });
  return response;
}

export async function DELETE(request: NextRequest) {
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    await revokeSession(token);
  }
  const response = new NextResponse(null, { status: 204 });
  response.cookies.delete(SESSION_COOKIE);
  return response;
}
