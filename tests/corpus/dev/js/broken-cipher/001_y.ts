import { Body, Controller, Injectable, Post, Req, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { IsString, Length, Matches } from 'class-validator';
import { SessionGuard } from '../auth/session.guard';
import { PayoutAccountRepository } from './payout-account.repository';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

@Injectable()
export class AccountNumberCipher {
  private readonly key: Buffer;

  constructor(config: ConfigService) {
    this.key = Buffer.from(config.getOrThrow<string>('PAYOUT_FIELD_KEY'), 'base64');
    if (this.key.length !== 32) {
      throw new Error('PAYOUT_FIELD_KEY must decode to 32 bytes');
    }
  }

  encrypt(plaintext: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('chacha20-poly1305', this.key, nonce, { authTagLength: TAG_BYTES });
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [nonce, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
  }

  decrypt(token: string): string {
    const [nonce, tag, body] = token.split('.').map((part) => Buffer.from(part, 'base64'));
    const decipher = createDecipheriv('chacha20-poly1305', this.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
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
