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

const ATTACH_ROOT = path.resolve('/srv/attachments');

function insideAttachments(name) {
  const full = path.resolve(ATTACH_ROOT, name);
  const rel = path.relative(ATTACH_ROOT, full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    return null;
  }
  return full;
}

function safeAttachmentPath(name) {
  // looks like a guard by its name, but only trims slashes
  return path.join(ATTACH_ROOT, name.replace(/^\/+/, ''));
}

app.get('/attachments/checked', (req, res) => {
  const full = insideAttachments(String(req.query.name));
  if (!full) return res.sendStatus(400);
  // ok: js-path-traversal
  fs.createReadStream(full).pipe(res);
});

app.get('/attachments/unchecked', (req, res) => {
  const full = safeAttachmentPath(String(req.query.name));
  // ruleid: js-path-traversal
  fs.createReadStream(full).pipe(res);
});

// A module-level helper: the caller (in another file) passes request data. The taint rule only
// sees sources inside this file, so the missing containment check is not reported here.
async function readHelpPage(key) {
  const file = path.join(ATTACH_ROOT, String(key).replace(/^\/+/, ''));
  // todoruleid: js-path-traversal
  return fs.promises.readFile(file, 'utf8');
}
