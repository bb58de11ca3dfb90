import { Body, Controller, Injectable, Post, Req, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { IsString, Length, Matches } from 'class-validator';
import { SessionGuard } from '../auth/session.guard';
import { PayoutAccountRepository } from './payout-account.repository';

@Injectable()
export class AccountNumberCipher {
  private readonly key: Buffer;

  constructor(config: ConfigService) {
    this.key = Buffer.from(config.getOrThrow<string>('PAYOUT_FIELD_KEY'), 'base64');
    if (this.key.length !== 8) {
      throw new Error('PAYOUT_FIELD_KEY must decode to 8 bytes');
    }
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(8);
    const cipher = createCipheriv('des-cbc', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${iv.toString('base64')}.${body.toString('base64')}`;
  }

  decrypt(token: string): string {
    const [ivB64, bodyB64] = token.split('.');
    const decipher = createDecipheriv('des-cbc', this.key, Buffer.from(ivB64, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(bodyB64, 'base64')), decipher.final()]).toString('utf8');
  }
}

export class CreatePayoutAccountDto {
  @IsString()
  @Length(2, 100)
  holderName!: string;

  @Matches(/^\d{9}$/)
  routingNumber!: string;

  @Matches(/^\d{4,17}$/)
  accountNumber!: string;
}

@Controller('payout-accounts')
@UseGuards(SessionGuard)
export class PayoutAccountController {
  constructor(
    private readonly cipher: AccountNumberCipher,
    private readonly accounts: PayoutAccountRepository,
  ) {}

  @Post()
  async create(@Req() req: { user: { id: string } }, @Body() dto: CreatePayoutAccountDto) {
    const saved = await this.accounts.insert({
      ownerId: req.user.id,
      holderName: dto.holderName,
      routingNumber: dto.routingNumber,
      accountNumberEnc: this.cipher.encrypt(dto.accountNumber),
      accountLast4: dto.accountNumber.slice(-4),
    });
    return { id: saved.id, last4: saved.accountLast4 };
  }
}
