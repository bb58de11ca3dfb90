'use strict';

const express = require('express');
const { recordClick } = require('./clickStore');

const router = express.Router();

const CAMPAIGN_ID = /^[a-z0-9-]{4,40}$/;
const LINK_HOSTS = new Set(['www.example.com', 'shop.example.com', 'blog.example.com', 'help.example.com']);

function parseLinkTarget(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || !LINK_HOSTS.has(url.hostname)) {
    return null;
  }
  return url;
}

// Links in newsletters look like
//   https://links.example.com/r/spring-sale?to=https%3A%2F%2Fshop.example.com%2Fsale
router.get('/r/:campaign', async (req, res) => {
  const { campaign } = req.params;
  const target = typeof req.query.to === 'string' ? parseLinkTarget(req.query.to) : null;

  if (!CAMPAIGN_ID.test(campaign) || !target) {
    return res.redirect(302, 'https://www.example.com/');
  }

  try {
    await recordClick({
      campaign,
      target: target.href,
      userAgent: req.get('user-agent') ?? null,
      at: new Date(),
    });
  } catch (err) {
    req.log?.warn({ err, campaign }, 'failed to record click');
  }

  res.set('Cache-Control', 'no-store');
  res.redirect(302, target.href);
});

module.exports = router;
