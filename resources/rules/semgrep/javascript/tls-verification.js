const https = require('https');
const axios = require('axios');
const fs = require('fs');

// ruleid: js-tls-verification-disabled
const insecureAgent = new https.Agent({ rejectUnauthorized: false });

async function fetchInventory() {
  const { data } = await axios.get('https://inventory.internal/api/items', { httpsAgent: insecureAgent });
  return data;
}

// ruleid: js-tls-verification-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

// ok: js-tls-verification-disabled
const pinnedAgent = new https.Agent({ ca: fs.readFileSync('certs/internal-ca.pem'), rejectUnauthorized: true });

// ok: js-tls-verification-disabled
const defaultAgent = new https.Agent({ keepAlive: true });

module.exports = { fetchInventory, pinnedAgent, defaultAgent };
