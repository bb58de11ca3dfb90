import http from 'node:http';
import ldap from 'ldapjs';

const LDAP_URL = process.env.LDAP_URL;
const BASE_DN = process.env.LDAP_BASE_DN || 'ou=people,dc=corp,dc=example';

const client = ldap.createClient({ url: LDAP_URL, reconnect: true });
client.bind(process.env.LDAP_BIND_DN, process.env.LDAP_BIND_PASSWORD, (err) => {
  if (err) console.error('directory bind failed', err.code);
});

// Escapes characters with special meaning in search filters (RFC 4515).
function escapeLdapValue(value) {
  return value.replace(/[\\*()\0]/g, (ch) => `\\${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function searchPeople(filter) {
  return new Promise((resolve, reject) => {
    const entries = [];
    client.search(BASE_DN, { scope: 'sub', filter, attributes: ['uid', 'cn', 'mail', 'title'], sizeLimit: 25 }, (err, res) => {
      if (err) return reject(err);
      res.on('searchEntry', (entry) => entries.push(entry.pojo ?? entry.object));
      res.on('error', reject);
      res.on('end', () => resolve(entries));
    });
  });
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://internal');
  if (req.method !== 'GET' || url.pathname !== '/directory/lookup') {
    return sendJson(res, 404, { error: 'not found' });
  }

  const name = (url.searchParams.get('name') || '').trim();
  if (name.length < 2 || name.length > 64) {
    return sendJson(res, 400, { error: 'name must be 2-64 characters' });
  }

  const filter = `(&(objectClass=inetOrgPerson)(|(uid=${escapeLdapValue(name)})(cn=${escapeLdapValue(name)})))`;
  try {
    const people = await searchPeople(filter);
    sendJson(res, 200, { results: people });
  } catch (err) {
    console.error('directory search failed', err);
    sendJson(res, 502, { error: 'directory unavailable' });
  }
});

server.listen(Number(process.env.PORT) || 8080);
