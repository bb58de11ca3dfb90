const express = require('express');
const { exec, execFile, spawn } = require('child_process');
const util = require('util');
const execAsync = util.promisify(exec);

const app = express();
app.use(express.json());

app.get('/ping', (req, res) => {
  const host = req.query.host;
  // ruleid: js-command-injection
  exec(`ping -c 1 ${host}`, (err, stdout) => {
    res.type('text/plain').send(err ? 'unreachable' : stdout);
  });
});

app.post('/convert', async (req, res) => {
  const { file } = req.body;
  // ruleid: js-command-injection
  const { stdout } = await execAsync('convert ' + file + ' out.png');
  res.json({ ok: true, stdout });
});

app.post('/archive', (req, res) => {
  // ruleid: js-command-injection
  const child = spawn('tar', ['-czf', 'out.tgz', req.body.dir], { shell: true });
  child.on('close', (code) => res.json({ code }));
});

app.get('/lookup', (req, res) => {
  // ruleid: js-command-injection
  spawn('/bin/sh', ['-c', 'nslookup ' + req.query.domain]).stdout.pipe(res);
});

app.get('/ping/safe', (req, res) => {
  // ok: js-command-injection
  execFile('ping', ['-c', '1', '--', req.query.host], (err, stdout) => {
    res.type('text/plain').send(err ? 'unreachable' : stdout);
  });
});

app.post('/archive/safe', (req, res) => {
  // ok: js-command-injection
  const child = spawn('tar', ['-czf', 'out.tgz', '--', req.body.dir]);
  child.on('close', (code) => res.json({ code }));
});

app.get('/uptime', (req, res) => {
  const lines = parseInt(req.query.lines, 10) || 10;
  // ok: js-command-injection
  exec(`tail -n ${lines} /var/log/app.log`, (err, stdout) => res.type('text/plain').send(stdout));
});

app.get('/disk', (req, res) => {
  // ok: js-command-injection
  exec('df -h', (err, stdout) => res.type('text/plain').send(stdout));
});

module.exports = app;
