import { NextRequest, NextResponse } from 'next/server';
import got from 'got';

export async function GET(request: NextRequest) {
  const feed = request.nextUrl.searchParams.get('feed') ?? '';
  // ruleid: js-ssrf
  const xml = await got(feed).text();
  // ok: js-ssrf
  const fixed = await got('https://news.example.com/rss/' + encodeURIComponent(feed)).text();
  return NextResponse.json({ xml, fixed });
}

export async function POST(request: NextRequest) {
  const body = await request.json();
  // ruleid: js-ssrf
  const r = await fetch(body.imageUrl, { method: 'GET' });
  // ok: js-ssrf
  const s = await fetch(`${process.env.IMAGE_SERVICE_URL}/resize?w=${Number(body.width)}`);
  return NextResponse.json({ a: r.status, b: s.status });
}

const THUMB_ID = /^[A-Za-z0-9_-]{8,40}$/;
const LOOSE = /^[\w.:/-]+$/;
const THUMB_HOSTS = new Map<string, (id: string) => string>([
  ['cdn', (id) => `https://cdn.example.net/t/${id}.png`],
]);

export async function PUT(request: NextRequest) {
  const q = request.nextUrl.searchParams;
  const make = THUMB_HOSTS.get(q.get('host') ?? '');
  const id = q.get('id') ?? '';
  if (!make || !THUMB_ID.test(id)) {
    return new Response('bad', { status: 400 });
  }
  // ok: js-ssrf
  const r = await fetch(make(id));
  const target = q.get('target') ?? '';
  if (!LOOSE.test(target)) {
    return new Response('bad', { status: 400 });
  }
  // ruleid: js-ssrf
  const t = await fetch(target);
  return NextResponse.json({ a: r.status, b: t.status });
}
