import express, { type Request, type Response } from 'express';
import ldap, { type SearchEntry } from 'ldapjs';

const LDAP_URL = process.env.LDAP_URL ?? 'ldaps://ldap.corp.internal:636';
const BASE_DN = 'ou=people,dc=corp,dc=internal';

function bindClient(): Promise<ldap.Client> {
  const client = ldap.createClient({ url: LDAP_URL, timeout: 5000 });
  return new Promise((resolve, reject) => {
    client.bind(process.env.LDAP_BIND_DN ?? '', process.env.LDAP_BIND_PASSWORD ?? '', (err) => {
      if (err) {
        client.unbind();
        reject(err);
      } else {
        resolve(client);
      }
    });
  });
}

function searchPeople(client: ldap.Client, filter: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const people: Record<string, unknown>[] = [];
    client.search(
      BASE_DN,
      { scope: 'sub', filter, attributes: ['uid', 'cn', 'mail', 'title', 'telephoneNumber'], sizeLimit: 50 },
      (err, res) => {
        if (err) return reject(err);
        res.on('searchEntry', (entry: SearchEntry) => people.push(entry.pojo));
        res.on('error', reject);
        res.on('end', () => resolve(people));
      },
    );
  });
}

export const directory = express.Router();

// GET /directory/people?uid=jdoe
directory.get('/people', async (req: Request, res: Response) => {
  const uid = typeof req.query.uid === 'string' ? req.query.uid : '';
  if (!uid) {
    res.status(400).json({ message: 'uid is required' });
    return;
  }

  const filter = `(&(objectClass=inetOrgPerson)(!(employeeType=disabled))(uid=${uid}))`;

  let client: ldap.Client | undefined;
  try {
    client = await bindClient();
    const people = await searchPeople(client, filter);
    res.json({ count: people.length, people });
  } catch {
    res.status(502).json({ message: 'directory lookup failed' });
  } finally {
    client?.unbind();
  }
});
