import { NextRequest, NextResponse } from 'next/server';
import vm from 'vm';

const FORMULAS: Record<string, string> = { tax: 'price * 0.2', shipping: 'weight * 1.5' };

export async function POST(request: NextRequest) {
  const { formula, price } = await request.json();
  // ruleid: js-code-injection
  const value = vm.runInNewContext(formula, { price });
  // ok: js-code-injection
  const fixed = vm.runInNewContext(FORMULAS[formula] ?? '0', { price: Number(price) });
  return NextResponse.json({ value, fixed });
}

export async function GET(request: NextRequest) {
  const cb = request.nextUrl.searchParams.get('cb');
  // ruleid: js-code-injection
  setTimeout(cb as string, 10);
  // ok: js-code-injection
  setTimeout(() => console.log('callback', cb), 10);
  return NextResponse.json({ ok: true });
}
