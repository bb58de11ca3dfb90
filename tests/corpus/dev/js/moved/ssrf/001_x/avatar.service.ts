import { Injectable, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AvatarRepository, type StoredAvatar } from './avatar.repository';

const MAX_AVATAR_BYTES = 2 * 1024 * 1024;
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

@Injectable()
export class AvatarService {
  constructor(private readonly repo: AvatarRepository) {}

  async importFromUrl(userId: string, sourceUrl: string): Promise<StoredAvatar> {
    const response = await fetch(sourceUrl, {
      redirect: 'error',
      signal: AbortSignal.timeout(5000),
      headers: { Accept: 'image/*' },
    });
    if (!response.ok) {
      throw new UnsupportedMediaTypeException('could not download image');
    }

    const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
    if (!IMAGE_TYPES.has(contentType)) {
      throw new UnsupportedMediaTypeException('not a supported image type');
    }

    const body = Buffer.from(await response.arrayBuffer());
    if (body.length > MAX_AVATAR_BYTES) {
      throw new PayloadTooLargeException('image too large');
    }

    return this.repo.save({ id: randomUUID(), userId, contentType, bytes: body.length, data: body });
  }
}
