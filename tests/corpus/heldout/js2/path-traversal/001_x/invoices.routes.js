const express = require('express');
const { requireUser } = require('./auth');
const archive = require('./invoice-archive');

const router = express.Router();

router.use(requireUser);

router.get('/invoices/:year/:document', async (req, res, next) => {
  const year = Number.parseInt(req.params.year, 10);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    return res.status(400).json({ error: 'invalid year' });
  }

  try {
    const file = await archive.open(req.user.accountId, year, req.params.document);
    if (!file) {
      return res.status(404).json({ error: 'not found' });
    }
    res.set('Content-Type', 'application/pdf');
    res.set('Content-Disposition', `attachment; filename="${file.downloadName}"`);
    file.stream.on('error', next).pipe(res);
  } catch (err) {
    next(err);
  }
});

router.get('/invoices/:year', async (req, res, next) => {
  const year = Number.parseInt(req.params.year, 10);
  if (!Number.isInteger(year)) {
    return res.status(400).json({ error: 'invalid year' });
  }
  try {
    res.json({ documents: await archive.list(req.user.accountId, year) });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
