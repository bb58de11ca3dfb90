import { NextRequest, NextResponse } from 'next/server';
import { readFile } from 'fs/promises';
import path from 'path';
import Fastify, { FastifyRequest } from 'fastify';

const DOCS_DIR = path.join(process.cwd(), 'content');

export async function GET(request: NextRequest, { params }: { params: { slug: string } }) {
  // ruleid: js-path-traversal
  const md = await readFile(path.join(DOCS_DIR, `${params.slug}.md`), 'utf8');
  return NextResponse.json({ md });
}

export async function POST(request: NextRequest) {
  const { slug } = await request.json();
  const rel = path.relative(DOCS_DIR, path.resolve(DOCS_DIR, slug));
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    return NextResponse.json({ error: 'bad slug' }, { status: 400 });
  }
  // ok: js-path-traversal
  const md = await readFile(path.join(DOCS_DIR, rel), 'utf8');
  return NextResponse.json({ md });
}

const fastify = Fastify();

fastify.get('/logs', async (request: FastifyRequest<{ Querystring: { day: string } }>, reply) => {
  // ruleid: js-path-traversal
  const data = await readFile(`/var/log/app/${request.query.day}.log`, 'utf8');
  return reply.send(data);
});

fastify.get('/logs/:n', async (request: FastifyRequest<{ Params: { n: string } }>, reply) => {
  const n = Number(request.params.n);
  // ok: js-path-traversal
  const data = await readFile(`/var/log/app/app.${n}.log`, 'utf8');
  return reply.send(data);
});

const REPORTS_DIR = '/srv/reports';

fastify.get('/reports/:reportId', async (request: FastifyRequest<{ Params: { reportId: string } }>, reply) => {
  const report = await reportsRepo.findOwnedReport(request.params.reportId, request.user);
  if (!report) return reply.code(404).send();
  // ok: js-path-traversal
  const pdf = await readFile(path.join(REPORTS_DIR, String(report.ownerId), report.fileKey));
  return reply.type('application/pdf').send(pdf);
});

fastify.post('/exports', async (request: FastifyRequest<{ Body: { names: string[] } }>, reply) => {
  const name = request.body.names.find((n) => n.endsWith('.csv'));
  // ruleid: js-path-traversal
  const csv = await readFile(path.join(REPORTS_DIR, name));
  return reply.send(csv);
});

@Controller('docs')
export class DocsController {
  @Get(':name')
  async read(@Param('name') name: string) {
    // ruleid: js-path-traversal
    return readFile(path.join(DOCS_DIR, name), 'utf8');
  }

  @Get('by-id/:id')
  async byId(@Param('id', ParseUUIDPipe) id: string) {
    // ok: js-path-traversal
    return readFile(path.join(DOCS_DIR, `${id}.md`), 'utf8');
  }
}
