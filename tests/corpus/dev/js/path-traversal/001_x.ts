import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import Router from '@koa/router';
import type { Context } from 'koa';
import { tickets } from '../services/tickets';

const ATTACHMENTS_ROOT = process.env.ATTACHMENTS_ROOT ?? '/data/helpdesk/attachments';

export const attachmentRouter = new Router({ prefix: '/tickets/:ticketId/attachments' });

attachmentRouter.get('/', async (ctx: Context) => {
  const ticket = await tickets.findVisible(ctx.params.ticketId, ctx.state.user);
  if (!ticket) ctx.throw(404);
  ctx.body = await tickets.listAttachments(ticket.id);
});

// GET /tickets/8812/attachments/download?name=screenshot-1.png
attachmentRouter.get('/download', async (ctx: Context) => {
  const ticket = await tickets.findVisible(ctx.params.ticketId, ctx.state.user);
  if (!ticket) ctx.throw(404);

  const name = ctx.query.name;
  if (typeof name !== 'string' || name.length === 0) {
    ctx.throw(400, 'name is required');
  }

  const filePath = path.join(ATTACHMENTS_ROOT, String(ticket.id), name);
  const stat = await fs.stat(filePath).catch(() => null);
  if (!stat?.isFile()) ctx.throw(404);

  ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(path.basename(name))}`);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.type = 'application/octet-stream';
  ctx.length = stat.size;
  ctx.body = createReadStream(filePath);
});
