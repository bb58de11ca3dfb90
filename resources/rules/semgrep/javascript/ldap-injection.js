const express = require('express');
const ldap = require('ldapjs');
const ldapEscape = require('ldap-escape');

const app = express();
app.use(express.json());
const client = ldap.createClient({ url: process.env.LDAP_URL });

app.get('/directory', (req, res) => {
  const entries = [];
  const opts = {
    // ruleid: js-ldap-injection
    filter: `(&(objectClass=person)(cn=*${req.query.name}*))`,
    scope: 'sub',
  };
  client.search('ou=people,dc=example,dc=com', opts, (err, search) => {
    search.on('searchEntry', (e) => entries.push(e.object));
    search.on('end', () => res.json(entries));
  });
});

app.post('/login', (req, res) => {
  const { username } = req.body;
  // ruleid: js-ldap-injection
  client.search('dc=example,dc=com', { filter: '(uid=' + username + ')', scope: 'sub' }, (err, search) => {
    search.on('end', () => res.json({ ok: true }));
  });
});

app.post('/login/escaped', (req, res) => {
  const { username } = req.body;
  // ok: js-ldap-injection
  client.search('dc=example,dc=com', { filter: ldapEscape.filter`(uid=${username})`, scope: 'sub' }, (err, search) => {
    search.on('end', () => res.json({ ok: true }));
  });
});

app.post('/login/object-filter', (req, res) => {
  const filter = new ldap.EqualityFilter({ attribute: 'uid', value: req.body.username });
  // ok: js-ldap-injection
  client.search('dc=example,dc=com', { filter, scope: 'sub' }, (err, search) => {
    search.on('end', () => res.json({ ok: true }));
  });
});

app.get('/products', async (req, res) => {
  // ok: js-ldap-injection
  const hits = await algoliaIndex.search(req.query.q, { filters: 'inStock:true' });
  res.json(hits);
});

function runSearch(filter) {
  return new Promise((resolve) => client.search('ou=groups,dc=example,dc=com', { filter, scope: 'sub' }, (e, r) => resolve(r)));
}

app.get('/groups/by-member', async (req, res) => {
  const member = String(req.query.member || '');
  // ruleid: js-ldap-injection
  const filter = `(&(objectClass=groupOfNames)(member=${member}))`;
  res.json(await runSearch(filter));
});

app.get('/groups/by-owner', async (req, res) => {
  // ruleid: js-ldap-injection
  const filter = '(|(owner=' + req.query.owner + ')(cn=admins))';
  res.json(await runSearch(filter));
});

app.get('/groups/by-number', async (req, res) => {
  const gid = parseInt(req.query.gid, 10);
  // ok: js-ldap-injection
  const filter = `(gidNumber=${gid})`;
  res.json(await runSearch(filter));
});

app.get('/groups/message', async (req, res) => {
  // ok: js-ldap-injection
  res.json({ note: `searched (${req.query.term})` });
});

function escapeLdap(value) {
  // named like an escaper, but only trims
  return String(value).trim();
}

app.get('/groups/by-cn', async (req, res) => {
  // ruleid: js-ldap-injection
  const filter = `(cn=${escapeLdap(req.query.cn)})`;
  res.json(await runSearch(filter));
});

app.get('/groups/by-cn-escaped', async (req, res) => {
  // ok: js-ldap-injection
  const filter = ldapEscape.filter`(cn=${req.query.cn})`;
  res.json(await runSearch(filter));
});

function ldapValue(v) {
  return String(v).replace(/[\\*()\0]/g, (c) => '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

app.get('/groups/by-mail', async (req, res) => {
  // ok: js-ldap-injection
  const filter = `(mail=${ldapValue(req.query.mail)})`;
  res.json(await runSearch(filter));
});

module.exports = app;
