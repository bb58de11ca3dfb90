import {
  CanActivate,
  ExecutionContext,
  Injectable,
  UnauthorizedException,
} from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import { decodeJwt, type JWTPayload } from "jose";
import type { Request } from "express";

export const IS_PUBLIC = "isPublic";

export interface AccessClaims extends JWTPayload {
  sub: string;
  tenant: string;
  scope?: string;
}

/**
 * Access tokens are issued by the identity service; the API gateway in
 * front of us already terminates TLS and forwards the bearer header.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  private readonly issuer = process.env.AUTH_ISSUER ?? "https://id.example.net/";
  private readonly audience = process.env.AUTH_AUDIENCE ?? "billing-api";

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<Request & { principal?: AccessClaims }>();
    const token = this.extractBearer(request);
    if (!token) throw new UnauthorizedException();

    let claims: AccessClaims;
    try {
      claims = decodeJwt(token) as AccessClaims;
    } catch {
      throw new UnauthorizedException();
    }

    const now = Math.floor(Date.now() / 1000);
    if (claims.iss !== this.issuer) throw new UnauthorizedException();
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(this.audience)) throw new UnauthorizedException();
    if (typeof claims.exp !== "number" || claims.exp < now) throw new UnauthorizedException();
    if (!claims.sub || !claims.tenant) throw new UnauthorizedException();

    request.principal = claims;
    return true;
  }

  private extractBearer(request: Request): string | undefined {
    const header = request.headers.authorization;
    if (!header) return undefined;
    const [scheme, value] = header.split(" ");
    return scheme?.toLowerCase() === "bearer" && value ? value : undefined;
  }
}
