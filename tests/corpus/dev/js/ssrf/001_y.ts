import { NextRequest } from 'next/server';

export const runtime = 'nodejs';

const MAX_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPE = /^image\/(png|jpeg|gif|webp|avif)$/;
const ASSET_ID = /^[A-Za-z0-9_-]{6,64}$/;

const PROVIDERS = new Map<string, (id: string) => URL>([
  ['unsplash', (id) => new URL(`/photo-${id}?w=1600&fm=webp`, 'https://images.unsplash.com')],
  ['cloudinary', (id) => new URL(`/acme-media/image/upload/${id}.webp`, 'https://res.cloudinary.com')],
  ['assets', (id) => new URL(`/uploads/${id}.webp`, 'https://assets.acme-cms.com')],
]);

// Proxies remote images so the editor preview never loads third-party URLs directly.
// GET /api/image-proxy?provider=unsplash&id=1519681393784-d120267933ba
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const buildUrl = PROVIDERS.get(params.get('provider') ?? '');
  const id = params.get('id') ?? '';
  if (!buildUrl || !ASSET_ID.test(id)) {
    return new Response('unknown image', { status: 400 });
  }

  let upstream: Response;
  try {
    upstream = await fetch(buildUrl(id), {
      headers: { Accept: 'image/*' },
      signal: AbortSignal.timeout(8000),
      cache: 'no-store',
      redirect: 'error',
    });
  } catch {
    return new Response('image could not be fetched', { status: 502 });
  }

  const contentType = upstream.headers.get('content-type')?.split(';')[0] ?? '';
  if (!upstream.ok || !IMAGE_TYPE.test(contentType)) {
    return new Response('not an image', { status: 415 });
  }

  const body = await upstream.arrayBuffer();
  if (body.byteLength > MAX_BYTES) {
    return new Response('image too large', { status: 413 });
  }

  return new Response(body, {
    headers: {
      'Content-Type': contentType,
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
