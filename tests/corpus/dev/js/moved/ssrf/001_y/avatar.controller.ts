import { BadRequestException, Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { IsString, IsUrl, MaxLength } from 'class-validator';
import { SessionGuard } from '../auth/session.guard';
import { AvatarService } from './avatar.service';
import { isAllowedImageSource } from './url-policy';

export class ImportAvatarDto {
  @IsString()
  @IsUrl({ require_protocol: true })
  @MaxLength(2048)
  sourceUrl!: string;
}

@Controller('me/avatar')
@UseGuards(SessionGuard)
export class AvatarController {
  constructor(private readonly avatars: AvatarService) {}

  @Post('import')
  @HttpCode(202)
  async importFromUrl(
    @Req() req: Request & { user: { id: string } },
    @Body() dto: ImportAvatarDto,
  ) {
    if (!isAllowedImageSource(dto.sourceUrl)) {
      throw new BadRequestException('images can only be imported from supported providers');
    }
    const avatar = await this.avatars.importFromUrl(req.user.id, dto.sourceUrl);
    return { id: avatar.id, contentType: avatar.contentType, bytes: avatar.bytes };
  }
}
