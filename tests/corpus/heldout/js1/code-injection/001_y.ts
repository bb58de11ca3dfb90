import Koa from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import { loadDailyMetrics, type MetricRow } from './metricsStore';

interface ReportRequest {
  from: string;
  to: string;
  where?: string;
  columns?: string[];
}

const DEFAULT_COLUMNS = ['day', 'signups', 'activeUsers', 'revenueCents'];

function buildRowFilter(expression: string | undefined): (row: MetricRow) => boolean {
  if (!expression) {
    return () => true;
  }
  // Lets analysts write filters like "row.signups > 100 && row.day >= '2024-03-01'"
  const predicate = new Function('row', `"use strict"; return (${expression});`);
  return (row) => Boolean(predicate(row));
}

const router = new Router({ prefix: '/reports' });

router.post('/daily', async (ctx) => {
  const body = ctx.request.body as ReportRequest;
  const from = new Date(body.from);
  const to = new Date(body.to);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from > to) {
    ctx.status = 400;
    ctx.body = { message: 'invalid date range' };
    return;
  }

  const columns = (body.columns ?? DEFAULT_COLUMNS).filter((c) => DEFAULT_COLUMNS.includes(c));
  const rows = await loadDailyMetrics(from, to);
  const matches = rows.filter(buildRowFilter(body.where));

  ctx.body = {
    columns,
    rows: matches.map((row) =>
      Object.fromEntries(columns.map((c) => [c, row[c as keyof MetricRow]])),
    ),
  };
});

const app = new Koa();
app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());

export default app;
