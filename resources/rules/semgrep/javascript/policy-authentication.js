const express = require('express');
const passport = require('passport');
const { requireAuth } = require('./middleware/auth');
const ordersController = require('./controllers/orders');

const app = express();
app.use(express.json());
app.use(passport.initialize());

// ruleid: js-missing-auth-route
app.get('/api/users', async (req, res) => {
  res.json(await db.users.all());
});

// ruleid: js-missing-auth-route
app.delete('/api/orders/:id', express.json(), ordersController.remove);

// ok: js-missing-auth-route
app.get('/api/me', requireAuth, (req, res) => res.json(req.user));

// ok: js-missing-auth-route
app.post('/api/orders', passport.authenticate('jwt', { session: false }), ordersController.create);

// ok: js-missing-auth-route
app.get('/api/profile', (req, res) => {
  if (!req.user) return res.sendStatus(401);
  res.json(req.user);
});

// ok: js-missing-auth-route
app.get('env');

const admin = express.Router();
admin.use(requireAuth);

// ok: js-missing-auth-route
admin.get('/stats', (req, res) => res.json({ users: 10 }));

// ok: js-missing-auth-route
admin.post('/users/:id/ban', (req, res) => res.sendStatus(204));

module.exports = { app, admin };
