import { NextRequest, NextResponse } from 'next/server';
import { Client } from 'ldapts';

const client = new Client({ url: process.env.LDAP_URL as string });

export async function GET(request: NextRequest) {
  const mail = request.nextUrl.searchParams.get('mail');
  const { searchEntries } = await client.search('ou=people,dc=example,dc=com', {
    scope: 'sub',
    // ruleid: js-ldap-injection
    filter: `(mail=${mail})`,
  });
  const { searchEntries: fixed } = await client.search('ou=people,dc=example,dc=com', {
    scope: 'sub',
    // ok: js-ldap-injection
    filter: '(objectClass=person)',
  });
  return NextResponse.json({ searchEntries, fixed });
}
