import Fastify, { FastifyRequest } from 'fastify';
import * as cp from 'child_process';
import { NextRequest, NextResponse } from 'next/server';

const fastify = Fastify();
const ALLOWED_SERVICES = new Set(['nginx', 'redis']);

fastify.post('/git/clone', async (request: FastifyRequest<{ Body: { repo: string } }>, reply) => {
  const { repo } = request.body;
  // ruleid: js-command-injection
  const out = cp.execSync(`git clone ${repo} /tmp/work`).toString();
  return reply.send({ out });
});

fastify.post('/services/restart', async (request: FastifyRequest<{ Body: { name: string } }>, reply) => {
  const { name } = request.body;
  if (!ALLOWED_SERVICES.has(name)) {
    return reply.code(400).send({ error: 'unknown service' });
  }
  // ok: js-command-injection
  cp.execSync(`systemctl restart ${name}`);
  return reply.send({ ok: true });
});

export async function POST(request: NextRequest) {
  const { branch } = await request.json();
  // ruleid: js-command-injection
  cp.exec('git checkout ' + branch);
  // ok: js-command-injection
  cp.execFile('git', ['checkout', '--', branch]);
  return NextResponse.json({ ok: true });
}

import util from 'util';

const shell = util.promisify(cp.exec);
const BRANCH_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const LOOSE_HOST = /[a-z0-9.-]+/;

fastify.post('/build/:branch', async (request: FastifyRequest<{ Params: { branch: string } }>, reply) => {
  const branch = request.params.branch;
  if (!LOOSE_HOST.test(branch)) {
    return reply.code(400).send({ error: 'bad branch' });
  }
  // ruleid: js-command-injection
  const { stdout } = await shell(`git log --oneline origin/${branch}`);
  return reply.send({ stdout });
});

fastify.post('/build2/:branch', async (request: FastifyRequest<{ Params: { branch: string } }>, reply) => {
  const branch = request.params.branch;
  if (!BRANCH_NAME.test(branch)) {
    return reply.code(400).send({ error: 'bad branch' });
  }
  // ok: js-command-injection
  const { stdout } = await shell(`git log --oneline origin/${branch}`);
  return reply.send({ stdout });
});

fastify.post('/tag', async (request: FastifyRequest<{ Body: { tag: string } }>, reply) => {
  const tag = request.body.tag;
  if (!/^v\d+\.\d+\.\d+$/.test(tag)) {
    return reply.code(400).send({ error: 'bad tag' });
  }
  // ok: js-command-injection
  await shell('git tag ' + tag);
  if (!/^v.+$/.test(tag)) {
    return reply.code(400).send({ error: 'bad tag' });
  }
  return reply.send({});
});

fastify.post('/tag2', async (request: FastifyRequest<{ Body: { tag: string } }>, reply) => {
  const tag = request.body.tag;
  if (!/^v.+$/.test(tag)) {
    return reply.code(400).send({ error: 'bad tag' });
  }
  // ruleid: js-command-injection
  await shell('git tag ' + tag);
  return reply.send({});
});

const dbExec = util.promisify(sqlite.exec);

fastify.post('/sql', async (request: FastifyRequest<{ Body: { stmt: string } }>, reply) => {
  // ok: js-command-injection
  await dbExec(`VACUUM ${request.body.stmt}`);
  return reply.send({});
});
