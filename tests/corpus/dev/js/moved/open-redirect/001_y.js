'use strict';

const express = require('express');
const { recordClick } = require('./clickStore');

const router = express.Router();

const CAMPAIGN_ID = /^[a-z0-9-]{4,40}$/;

// Links in newsletters look like
//   https://links.example.com/r/spring-sale?to=https%3A%2F%2Fshop.example.com%2Fsale
router.get('/r/:campaign', async (req, res) => {
  const { campaign } = req.params;
  const target = typeof req.query.to === 'string' ? req.query.to : '';

  if (!CAMPAIGN_ID.test(campaign) || !target) {
    return res.redirect(302, 'https://www.example.com/');
  }

  try {
    await recordClick({
      campaign,
      target,
      userAgent: req.get('user-agent') ?? null,
      at: new Date(),
    });
  } catch (err) {
    req.log?.warn({ err, campaign }, 'failed to record click');
  }

  res.set('Cache-Control', 'no-store');
  res.redirect(302, target);
});

module.exports = router;
