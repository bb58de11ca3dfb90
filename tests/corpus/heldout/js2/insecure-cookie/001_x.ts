// app/api/auth/login/route.ts
import { NextRequest, NextResponse } from "next/server";
import { cookies } from "next/headers";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { findUserByEmail, verifyPassword } from "@/lib/users";
import { sessionStore } from "@/lib/session-store";

const LoginSchema = z.object({
  email: z.string().email(),
  password: z.string().min(1).max(256),
});

const SESSION_TTL_SECONDS = 60 * 60 * 8;

export async function POST(request: NextRequest) {
  const parsed = LoginSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return NextResponse.json({ error: "invalid_request" }, { status: 400 });
  }

  const { email, password } = parsed.data;
  const user = await findUserByEmail(email.toLowerCase());
  if (!user || !(await verifyPassword(user.passwordHash, password))) {
    return NextResponse.json({ error: "invalid_credentials" }, { status: 401 });
  }

  const sessionId = randomBytes(32).toString("base64url");
  await sessionStore.create(sessionId, {
    userId: user.id,
    roles: user.roles,
    expiresAt: Date.now() + SESSION_TTL_SECONDS * 1000,
  });

  // websocket handshakes pick the cookie up automatically; no client-side access needed
  cookies().set("app_session", sessionId, {
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
    httpOnly: true,
    secure: true,
    sameSite: "lax",
  });

  return NextResponse.json({ id: user.id, displayName: user.displayName });
}

export async function DELETE() {
  const jar = cookies();
  const current = jar.get("app_session")?.value;
  if (current) {
    await sessionStore.destroy(current);
  }
  jar.delete("app_session");
  return new NextResponse(null, { status: 204 });
}
