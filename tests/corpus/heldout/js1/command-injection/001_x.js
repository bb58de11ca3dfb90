'use strict';

const path = require('node:path');
const { promisify } = require('node:util');
const { execFile } = require('node:child_process');
const express = require('express');

const execFileAsync = promisify(execFile);
const REPO_ROOT = process.env.MIRROR_ROOT || '/srv/git-mirrors';
const KNOWN_REPOS = new Set(['web-frontend', 'billing-service', 'infra']);
const BRANCH_NAME = /^[A-Za-z0-9][A-Za-z0-9._\/-]{0,99}$/;

const app = express();

function parseCommitLines(stdout) {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [sha, author, date, ...subject] = line.split('\x1f');
      return { sha, author, date, subject: subject.join(' ') };
    });
}

// GET /repos/billing-service/history?branch=release/2.4&limit=20
app.get('/repos/:repo/history', async (req, res) => {
  const { repo } = req.params;
  if (!KNOWN_REPOS.has(repo)) {
    return res.status(404).json({ message: 'unknown repository' });
  }

  const branch = String(req.query.branch || 'main');
  if (!BRANCH_NAME.test(branch) || branch.includes('..')) {
    return res.status(400).json({ message: 'invalid branch name' });
  }

  const limit = Math.min(Number.parseInt(req.query.limit, 10) || 20, 100);
  const cwd = path.join(REPO_ROOT, `${repo}.git`);

  try {
    const { stdout } = await execFileAsync(
      'git',
      ['log', '--format=%h%x1f%an%x1f%ad%x1f%s', '--date=short', '-n', String(limit), branch, '--'],
      { cwd, timeout: 10_000, maxBuffer: 1024 * 1024 },
    );
    res.json({ repo, branch, commits: parseCommitLines(stdout) });
  } catch (err) {
    req.log?.warn({ err, repo }, 'git log failed');
    res.status(422).json({ message: 'could not read history for that branch' });
  }
});

app.listen(Number(process.env.PORT) || 3000);
