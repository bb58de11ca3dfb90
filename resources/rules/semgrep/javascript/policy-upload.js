const express = require('express');
const multer = require('multer');
const path = require('path');

const app = express();
const ALLOWED_TYPES = new Set(['image/png', 'image/jpeg']);

// ruleid: js-upload-multer-no-file-filter, js-upload-multer-no-size-limit
const upload = multer({ dest: 'uploads/' });

// ruleid: js-upload-multer-no-file-filter
const sized = multer({ dest: 'uploads/', limits: { fileSize: 2 * 1024 * 1024 } });

// ruleid: js-upload-multer-no-size-limit
const filtered = multer({ dest: 'uploads/', fileFilter: (req, file, cb) => cb(null, ALLOWED_TYPES.has(file.mimetype)) });

// ok: js-upload-multer-no-file-filter, js-upload-multer-no-size-limit
const strict = multer({
  storage: multer.diskStorage({ destination: 'uploads/', filename: (req, file, cb) => cb(null, `${Date.now()}.png`) }),
  limits: { fileSize: 5 * 1024 * 1024, files: 1 },
  fileFilter: (req, file, cb) => cb(null, ALLOWED_TYPES.has(file.mimetype) && /\.(png|jpe?g)$/i.test(file.originalname)),
});

app.post('/avatar', strict.single('avatar'), (req, res) => res.json({ file: req.file.filename }));
app.post('/docs', upload.single('doc'), (req, res) => res.json({ file: req.file.filename }));

module.exports = { app, upload, sized, filtered };
