import type { Context, Next } from 'koa';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

const ISSUER = process.env.OIDC_ISSUER ?? 'https://login.example.com';
const AUDIENCE = process.env.OIDC_AUDIENCE ?? 'orders-api';
const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', ISSUER));

export interface Principal {
  userId: string;
  tenantId: string;
  roles: string[];
}

function readBearer(ctx: Context): string | null {
  const header = ctx.get('Authorization');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

export async function authenticate(ctx: Context, next: Next): Promise<void> {
  const token = readBearer(ctx);
  if (!token) {
    ctx.throw(401, 'missing access token');
  }

  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, jwks, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['RS256', 'ES256'],
    }));
  } catch (err) {
    ctx.log?.warn({ err }, 'access token verification failed');
    ctx.throw(401, 'invalid access token');
  }

  if (typeof claims.sub !== 'string' || typeof claims.tid !== 'string') {
    ctx.throw(401, 'malformed access token');
  }

  ctx.state.principal = {
    userId: claims.sub,
    tenantId: claims.tid,
    roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
  } satisfies Principal;

  await next();
}

export function requireRole(role: string) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const principal = ctx.state.principal as Principal | undefined;
    if (!principal?.roles.includes(role)) {
      ctx.throw(403, 'insufficient role');
    }
    await next();
  };
}
