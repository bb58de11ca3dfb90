'use strict';

const express = require('express');
const { dashboards } = require('../store');

const router = express.Router();
router.use(express.text({ type: ['text/plain', 'application/json5'], limit: '32kb' }));

const WIDGET_TYPES = new Set(['line', 'bar', 'table', 'counter']);

// Dashboard layouts are edited by hand in the browser, so we accept the relaxed
// object-literal syntax people tend to write (unquoted keys, trailing commas, comments).
function parseLayout(source) {
  return eval(`(${source})`);
}

function validateLayout(layout) {
  if (!layout || typeof layout !== 'object' || !Array.isArray(layout.widgets)) {
    return 'layout must have a widgets array';
  }
  for (const widget of layout.widgets) {
    if (!WIDGET_TYPES.has(widget.type)) return 'unknown widget type';
    if (!Number.isInteger(widget.w) || widget.w < 1 || widget.w > 12) return 'widget width must be 1-12';
  }
  return null;
}

router.put('/dashboards/:dashboardId/layout', async (req, res, next) => {
  let layout;
  try {
    layout = parseLayout(req.body);
  } catch {
    return res.status(400).json({ message: 'layout could not be parsed' });
  }

  const problem = validateLayout(layout);
  if (problem) {
    return res.status(422).json({ message: problem });
  }

  try {
    const saved = await dashboards.saveLayout(req.params.dashboardId, req.user.id, layout);
    if (!saved) return res.status(404).json({ message: 'dashboard not found' });
    res.json({ widgets: layout.widgets.length });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
