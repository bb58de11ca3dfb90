import { NextRequest, NextResponse } from 'next/server';
import libxmljs from 'libxmljs2';

export async function POST(request: NextRequest) {
  const xml = await request.text();
  // ruleid: js-xxe-libxmljs-noent
  const doc = libxmljs.parseXmlString(xml, { noent: true });
  // ok: js-xxe-libxmljs-noent
  const plain = libxmljs.parseXmlString(xml, { noblanks: true });
  return NextResponse.json({ root: doc.root()?.name(), other: plain.root()?.name() });
}
