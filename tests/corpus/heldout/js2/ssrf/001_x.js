import express from 'express';
import sharp from 'sharp';
import { fetch } from 'undici';

const router = express.Router();

const MAX_SOURCE_BYTES = 8 * 1024 * 1024;
const TRUSTED_MEDIA_HOSTS = ['media.partnerhub.io', 'images.partnerhub.io'];

function isTrustedMediaUrl(candidate) {
  return TRUSTED_MEDIA_HOSTS.some((host) => candidate.includes(host));
}

async function downloadImage(sourceUrl) {
  const response = await fetch(sourceUrl, {
    signal: AbortSignal.timeout(5000),
    headers: { accept: 'image/*' },
  });
  if (!response.ok) {
    const error = new Error('upstream responded with ' + response.status);
    error.status = 502;
    throw error;
  }
  const length = Number(response.headers.get('content-length') || 0);
  if (length > MAX_SOURCE_BYTES) {
    const error = new Error('image too large');
    error.status = 413;
    throw error;
  }
  return Buffer.from(await response.arrayBuffer());
}

// GET /thumbnails?src=...&w=320
router.get('/thumbnails', async (req, res, next) => {
  const src = typeof req.query.src === 'string' ? req.query.src : '';
  const width = Math.min(Math.max(Number.parseInt(req.query.w, 10) || 320, 32), 1024);

  if (!src || !isTrustedMediaUrl(src)) {
    return res.status(400).json({ error: 'unsupported image source' });
  }

  try {
    const original = await downloadImage(src);
    const thumb = await sharp(original).resize({ width }).webp({ quality: 80 }).toBuffer();
    res.set('Cache-Control', 'public, max-age=86400');
    res.type('image/webp').send(thumb);
  } catch (err) {
    if (err.status) {
      return res.status(err.status).json({ error: 'could not load image' });
    }
    next(err);
  }
});

export default router;
