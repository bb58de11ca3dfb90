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

module.exports = app;
