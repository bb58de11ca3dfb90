import { NextRequest } from 'next/server';

export const runtime = 'nodejs';

const MAX_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPE = /^image\/(png|jpeg|gif|webp|avif)$/;

// Proxies remote images so the editor preview never loads third-party URLs directly.
// GET /api/image-proxy?src=https%3A%2F%2Fexample.org%2Fbanner.png
export async function GET(request: NextRequest) {
  const src = request.nextUrl.searchParams.get('src');
  if (!src) {
    return new Response('src is required', { status: 400 });
  }

  let upstream: Response;
  try {
    upstream = await fetch(src, {
      headers: { Accept: 'image/*' },
      signal: AbortSignal.timeout(8000),
      cache: 'no-store',
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
