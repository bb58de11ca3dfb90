'use strict';

const express = require('express');
const { requireAuth } = require('../auth');
const projects = require('../projectStore');

const router = express.Router();

async function loadMembership(req, res, next) {
  try {
    const membership = await projects.membership(req.params.projectId, req.user.id);
    if (!membership) return res.status(404).json({ message: 'project not found' });
    req.membership = membership;
    next();
  } catch (err) {
    next(err);
  }
}

router.get('/', requireAuth, async (req, res, next) => {
  try {
    res.json(await projects.listForUser(req.user.id));
  } catch (err) {
    next(err);
  }
});

router.get('/:projectId', requireAuth, loadMembership, async (req, res, next) => {
  try {
    res.json(await projects.get(req.params.projectId));
  } catch (err) {
    next(err);
  }
});

router.post('/:projectId/tasks', requireAuth, loadMembership, async (req, res, next) => {
  try {
    const title = String(req.body.title || '').trim().slice(0, 200);
    if (!title) return res.status(400).json({ message: 'title is required' });
    const task = await projects.addTask(req.params.projectId, { title, createdBy: req.user.id });
    res.status(201).json(task);
  } catch (err) {
    next(err);
  }
});

router.delete('/:projectId/members/:memberId', async (req, res, next) => {
  try {
    const removed = await projects.removeMember(req.params.projectId, req.params.memberId);
    if (!removed) return res.status(404).json({ message: 'member not found' });
    res.status(204).end();
  } catch (err) {
    next(err);
  }
});

module.exports = router;
