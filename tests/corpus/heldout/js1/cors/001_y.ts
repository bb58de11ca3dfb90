import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { accountRouter } from './routes/account';
import { ordersRouter } from './routes/orders';

const app = express();

app.set('trust proxy', 1);
app.use(express.json({ limit: '100kb' }));
app.use(
  session({
    name: 'sid',
    secret: process.env.SESSION_SECRET as string,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, secure: true, sameSite: 'none', maxAge: 8 * 60 * 60 * 1000 },
  }),
);

// The storefront widgets are embedded on partner sites and call this API from the browser.
function partnerCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  }
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET,POST,PUT,DELETE');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Requested-With');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
    return;
  }
  next();
}

app.use('/api', partnerCors);
app.use('/api/account', accountRouter);
app.use('/api/orders', ordersRouter);

app.get('/healthz', (_req, res) => {
  res.json({ ok: true });
});

export default app;
