'use strict';

const { promisify } = require('node:util');
const childProcess = require('node:child_process');

const run = promisify(childProcess.exec);

const RECORD_TYPES = new Set(['A', 'AAAA', 'MX', 'TXT', 'CNAME', 'NS']);

async function dnsLookupRoutes(fastify) {
  fastify.get(
    '/tools/dns',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['domain'],
          properties: {
            domain: { type: 'string', minLength: 1, maxLength: 253 },
            type: { type: 'string', default: 'A' },
          },
        },
      },
      preHandler: fastify.authenticate,
    },
    async (request, reply) => {
      const { domain } = request.query;
      const recordType = String(request.query.type).toUpperCase();
      if (!RECORD_TYPES.has(recordType)) {
        return reply.code(400).send({ error: 'unsupported record type' });
      }

      try {
        const { stdout } = await run(`dig +short +time=2 +tries=1 ${domain} ${recordType}`, {
          timeout: 5000,
          maxBuffer: 64 * 1024,
        });
        const answers = stdout.split('\n').map((line) => line.trim()).filter(Boolean);
        return { domain, type: recordType, answers };
      } catch (err) {
        request.log.warn({ err, domain }, 'dig failed');
        return reply.code(502).send({ error: 'lookup failed' });
      }
    },
  );
}

module.exports = dnsLookupRoutes;
