import https from 'node:https';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import axios from 'axios';

const CARRIER_BASE_URL = process.env.CARRIER_API_URL ?? 'https://api.carrier-partner.net/v2';

// The partner's staging and production gateways sit behind their own internal CA.
const carrierAgent = new https.Agent({
  keepAlive: true,
  maxSockets: 20,
  ca: readFileSync(process.env.CARRIER_CA_BUNDLE ?? '/etc/ssl/partners/carrier-ca.pem'),
  minVersion: 'TLSv1.2',
});

const carrier = axios.create({
  baseURL: CARRIER_BASE_URL,
  httpsAgent: carrierAgent,
  timeout: 4000,
  headers: { 'X-Api-Key': process.env.CARRIER_API_KEY ?? '' },
});

interface RateQuery {
  fromZip: string;
  toZip: string;
  weightGrams: string;
}

const ZIP = /^\d{5}$/;

const app = Fastify({ logger: true });

app.get<{ Querystring: RateQuery }>('/shipping/rates', async (request, reply) => {
  const { fromZip, toZip } = request.query;
  const weightGrams = Number.parseInt(request.query.weightGrams, 10);

  if (!ZIP.test(fromZip) || !ZIP.test(toZip) || !(weightGrams > 0 && weightGrams <= 70_000)) {
    return reply.code(400).send({ message: 'invalid shipment parameters' });
  }

  try {
    const { data } = await carrier.get('/rates', { params: { from: fromZip, to: toZip, weight: weightGrams } });
    return {
      quotes: (data.rates ?? []).map((r: { service: string; amount: number; days: number }) => ({
        service: r.service,
        priceCents: Math.round(r.amount * 100),
        estimatedDays: r.days,
      })),
    };
  } catch (err) {
    request.log.error({ err }, 'carrier rate lookup failed');
    return reply.code(502).send({ message: 'shipping rates are unavailable right now' });
  }
});

app.listen({ port: Number(process.env.PORT) || 3000, host: '0.0.0.0' });
