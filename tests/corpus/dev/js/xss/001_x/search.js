'use strict';

const express = require('express');
const { searchArticles } = require('./articleIndex');

const router = express.Router();

// GET /kb/search?q=reset+password&page=1
router.get('/kb/search', async (req, res, next) => {
  const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
  const page = Math.max(1, Number.parseInt(req.query.page, 10) || 1);

  try {
    const { hits, total } = q ? await searchArticles(q, { page, perPage: 10 }) : { hits: [], total: 0 };
    const heading = total > 0
      ? `${total} articles matching <em>${q}</em>`
      : `No articles matching <em>${q}</em>`;

    res.render('search', {
      title: 'Knowledge base search',
      heading,
      q,
      hits,
      page,
      hasNext: page * 10 < total,
    });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
