import { randomInt } from 'crypto';

export function createInvite(email: string) {
  return {
    email,
    // ruleid: js-insecure-random-token
    inviteCode: Math.random().toString(36).substring(2, 10),
    // ok: js-insecure-random-token
    color: `hsl(${Math.floor(Math.random() * 360)}, 70%, 50%)`,
  };
}

export function createInviteSafe(email: string) {
  // ok: js-insecure-random-token
  return { email, inviteCode: randomInt(0, 1e8).toString().padStart(8, '0') };
}

export class PinService {
  private issuePin(): string {
    // ruleid: js-insecure-random-token
    return Math.floor(Math.random() * 10000).toString().padStart(4, '0');
  }

  private generateSmsCode(): number {
    // ruleid: js-insecure-random-token
    return 100000 + Math.floor(Math.random() * 900000);
  }

  private pickColor(): string {
    // ok: js-insecure-random-token
    return ['red', 'green', 'blue'][Math.floor(Math.random() * 3)];
  }

  backoffMs(attempt: number): number {
    // ok: js-insecure-random-token
    return 2 ** attempt * 100 + Math.random() * 50;
  }

  send(): void {
    // ruleid: js-insecure-random-token
    const code = String(Math.random()).slice(2, 8);
    // ok: js-insecure-random-token
    const statusCode = Math.random() > 0.5 ? 200 : 503;
    console.log(code, statusCode);
  }
}
