const express = require('express');
const fs = require('fs');
const path = require('path');
const multer = require('multer');

const app = express();
const UPLOAD_DIR = path.join(__dirname, 'uploads');
const upload = multer({ dest: UPLOAD_DIR, limits: { fileSize: 1e6 }, fileFilter: (req, f, cb) => cb(null, true) });

app.get('/files/:name', (req, res) => {
  // ruleid: js-path-traversal
  res.sendFile(path.join(UPLOAD_DIR, req.params.name));
});

app.get('/download', (req, res) => {
  const file = req.query.file;
  // ruleid: js-path-traversal
  fs.readFile(path.join(__dirname, 'reports', file), (err, data) => {
    if (err) return res.sendStatus(404);
    res.type('application/pdf').send(data);
  });
});

app.post('/avatar', upload.single('avatar'), (req, res) => {
  const target = path.join(__dirname, 'public', 'avatars', req.file.originalname);
  // ruleid: js-path-traversal
  fs.renameSync(req.file.path, target);
  res.json({ ok: true });
});

app.get('/export', (req, res) => {
  // ruleid: js-path-traversal
  res.download(`./exports/${req.query.name}`);
});

app.get('/files/:name/safe', (req, res) => {
  // ok: js-path-traversal
  res.sendFile(req.params.name, { root: UPLOAD_DIR });
});

app.get('/download/safe', (req, res) => {
  const file = path.basename(req.query.file);
  // ok: js-path-traversal
  fs.readFile(path.join(__dirname, 'reports', file), (err, data) => {
    if (err) return res.sendStatus(404);
    res.type('application/pdf').send(data);
  });
});

app.get('/docs', (req, res) => {
  const full = path.resolve(UPLOAD_DIR, req.query.path);
  if (!full.startsWith(UPLOAD_DIR + path.sep)) {
    return res.status(400).json({ error: 'invalid path' });
  }
  // ok: js-path-traversal
  fs.createReadStream(full).pipe(res);
});

app.post('/import', upload.single('csv'), (req, res) => {
  // ok: js-path-traversal
  const text = fs.readFileSync(req.file.path, 'utf8');
  res.json({ lines: text.split('\n').length });
});

module.exports = app;
