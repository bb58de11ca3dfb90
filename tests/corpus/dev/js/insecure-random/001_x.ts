import { BadRequestException, Body, Controller, HttpCode, Injectable, Post } from '@nestjs/common';
import { IsEmail, IsString, Length } from 'class-validator';
import { randomInt } from 'node:crypto';
import { MailService } from '../mail/mail.service';
import { OtpRepository } from './otp.repository';

const CODE_TTL_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 5;

@Injectable()
export class LoginCodeService {
  constructor(
    private readonly otps: OtpRepository,
    private readonly mail: MailService,
  ) {}

  private newCode(): string {
    return String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  async send(email: string): Promise<void> {
    const code = this.newCode();
    await this.otps.replace(email, { code, expiresAt: new Date(Date.now() + CODE_TTL_MS), attempts: 0 });
    await this.mail.send(email, 'Your sign-in code', `Your code is ${code}. It expires in 10 minutes.`);
  }

  async verify(email: string, code: string): Promise<boolean> {
    const entry = await this.otps.find(email);
    if (!entry || entry.expiresAt.getTime() < Date.now() || entry.attempts >= MAX_ATTEMPTS) {
      return false;
    }
    if (entry.code !== code) {
      await this.otps.incrementAttempts(email);
      return false;
    }
    await this.otps.delete(email);
    return true;
  }
}

class RequestCodeDto {
  @IsEmail()
  email!: string;
}

class VerifyCodeDto {
  @IsEmail()
  email!: string;

  @IsString()
  @Length(6, 6)
  code!: string;
}

@Controller('auth/code')
export class LoginCodeController {
  constructor(private readonly codes: LoginCodeService) {}

  @Post('request')
  @HttpCode(202)
  async request(@Body() dto: RequestCodeDto) {
    await this.codes.send(dto.email.toLowerCase());
    return { sent: true };
  }

  @Post('verify')
  @HttpCode(200)
  async verify(@Body() dto: VerifyCodeDto) {
    const ok = await this.codes.verify(dto.email.toLowerCase(), dto.code);
    if (!ok) {
      throw new BadRequestException('code is invalid or expired');
    }
    return { verified: true };
  }
}
