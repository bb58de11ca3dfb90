'use strict';

const { Client } = require('ldapts');

const LDAP_URL = process.env.LDAP_URL || 'ldaps://dc01.corp.example.com';
const SEARCH_BASE = 'OU=Staff,DC=corp,DC=example,DC=com';
const ATTRIBUTES = ['displayName', 'mail', 'department', 'telephoneNumber', 'sAMAccountName'];

async function withDirectory(fn) {
  const client = new Client({ url: LDAP_URL, timeout: 5000, connectTimeout: 3000 });
  try {
    await client.bind(process.env.LDAP_SERVICE_DN, process.env.LDAP_SERVICE_PASSWORD);
    return await fn(client);
  } finally {
    await client.unbind().catch(() => {});
  }
}

/** @param {import('fastify').FastifyInstance} fastify */
module.exports = async function staffDirectory(fastify) {
  fastify.get('/staff/search', {
    schema: {
      querystring: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 2, maxLength: 64 } },
      },
    },
  }, async (request, reply) => {
    const name = request.query.name.trim();
    const filter = `(&(objectCategory=person)(objectClass=user)(|(displayName=${name}*)(sAMAccountName=${name}*)))`;

    try {
      const { searchEntries } = await withDirectory((client) =>
        client.search(SEARCH_BASE, { scope: 'sub', filter, attributes: ATTRIBUTES, sizeLimit: 25 }),
      );
      return searchEntries.map((e) => ({
        username: e.sAMAccountName,
        name: e.displayName,
        email: e.mail,
        department: e.department,
        phone: e.telephoneNumber,
      }));
    } catch (err) {
      request.log.error({ err }, 'staff directory search failed');
      return reply.code(503).send({ message: 'directory unavailable' });
    }
  });
};
