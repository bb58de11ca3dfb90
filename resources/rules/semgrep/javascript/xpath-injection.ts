import Koa from 'koa';
import Router from '@koa/router';
import libxmljs from 'libxmljs2';
import { readFileSync } from 'fs';

const xmlDoc = libxmljs.parseXml(readFileSync('catalog.xml', 'utf8'));
const router = new Router();
const CATEGORIES = new Set(['books', 'music']);

router.get('/catalog', (ctx) => {
  const category = ctx.query.category as string;
  // ruleid: js-xpath-injection
  const items = xmlDoc.find(`//item[@category='${category}']`);
  ctx.body = items.map((i) => i.text());
});

router.get('/catalog/safe', (ctx) => {
  const category = ctx.query.category as string;
  if (!CATEGORIES.has(category)) {
    ctx.throw(400, 'unknown category');
  }
  // ok: js-xpath-injection
  const items = xmlDoc.find(`//item[@category='${category}']`);
  ctx.body = items.map((i) => i.text());
});

router.get('/orders', async (ctx) => {
  // ok: js-xpath-injection
  const orders = await ordersCollection.find({ customer: ctx.query.customer }).toArray();
  ctx.body = orders;
});

export default router;
