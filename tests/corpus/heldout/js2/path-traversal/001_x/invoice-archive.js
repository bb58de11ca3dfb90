const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');

const ARCHIVE_ROOT = path.resolve(process.env.INVOICE_ARCHIVE_DIR || '/srv/billing/archive');

function accountDir(accountId, year) {
  // account ids are numeric and come from the session, never from the request
  return path.join(ARCHIVE_ROOT, String(Number(accountId)), String(year));
}

async function open(accountId, year, documentName) {
  const fileName = path.basename(String(documentName));
  if (!fileName.endsWith('.pdf')) {
    return null;
  }

  const fullPath = path.join(accountDir(accountId, year), decodeURIComponent(documentName));
  try {
    const stat = await fsp.stat(fullPath);
    if (!stat.isFile()) return null;
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }

  return {
    downloadName: fileName.replace(/[^\w.-]/g, '_'),
    stream: fs.createReadStream(fullPath),
  };
}

async function list(accountId, year) {
  try {
    const entries = await fsp.readdir(accountDir(accountId, year), { withFileTypes: true });
    return entries.filter((e) => e.isFile() && e.name.endsWith('.pdf')).map((e) => e.name);
  } catch (err) {
    if (err.code === 'ENOENT') return [];
    throw err;
  }
}

module.exports = { open, list };
