import Koa from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import { loadDailyMetrics, type MetricRow } from './metricsStore';

type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

interface Condition {
  field: string;
  op: Operator;
  value: string | number;
}

interface ReportRequest {
  from: string;
  to: string;
  where?: Condition[];
  columns?: string[];
}

const DEFAULT_COLUMNS = ['day', 'signups', 'activeUsers', 'revenueCents'];
const FILTERABLE = new Set<keyof MetricRow>(['day', 'signups', 'activeUsers', 'revenueCents']);

const COMPARATORS = new Map<Operator, (a: unknown, b: unknown) => boolean>([
  ['eq', (a, b) => a === b],
  ['ne', (a, b) => a !== b],
  ['gt', (a, b) => (a as number) > (b as number)],
  ['gte', (a, b) => (a as number) >= (b as number)],
  ['lt', (a, b) => (a as number) < (b as number)],
  ['lte', (a, b) => (a as number) <= (b as number)],
]);

function buildRowFilter(conditions: Condition[] | undefined): (row: MetricRow) => boolean {
  if (!conditions?.length) {
    return () => true;
  }
  const checks = conditions.map(({ field, op, value }) => {
    const compare = COMPARATORS.get(op);
    if (!compare || !FILTERABLE.has(field as keyof MetricRow)) {
      throw new RangeError(`unsupported condition on ${field}`);
    }
    return (row: MetricRow) => compare(row[field as keyof MetricRow], value);
  });
  return (row) => checks.every((check) => check(row));
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

  let filter: (row: MetricRow) => boolean;
  try {
    filter = buildRowFilter(body.where);
  } catch {
    ctx.status = 400;
    ctx.body = { message: 'invalid filter' };
    return;
  }

  const columns = (body.columns ?? DEFAULT_COLUMNS).filter((c) => DEFAULT_COLUMNS.includes(c));
  const rows = await loadDailyMetrics(from, to);
  const matches = rows.filter(filter);

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
