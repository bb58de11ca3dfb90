import { NextRequest, NextResponse } from 'next/server';
import serialize from 'node-serialize';

export async function POST(request: NextRequest) {
  const body = await request.text();
  // ruleid: js-deserialization-node-serialize
  const obj = serialize.unserialize(body);
  // ok: js-deserialization-node-serialize
  const data = JSON.parse(body);
  return NextResponse.json({ obj, data });
}
