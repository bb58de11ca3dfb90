const app = require('express')();

app.get('/users', (req, res) => {
  // ruleid: t-js-sql
  db.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");
  // ok: t-js-sql
  db.query("SELECT * FROM users WHERE id = " + parseInt(req.query.id, 10));
  // ok: t-js-sql
  db.query("SELECT * FROM users WHERE name = ?", [req.query.name]);
});
