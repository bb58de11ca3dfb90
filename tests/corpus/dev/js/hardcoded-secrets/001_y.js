'use strict';

const express = require('express');
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const { getSignedUrl } = require('@aws-sdk/s3-request-presigner');
const { invoices } = require('../data');

const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: {
    accessKeyId: 'AKIA4QZ7N2XKLM3PWR6T',
    secretAccessKey: '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',
  },
});

const INVOICE_BUCKET = 'acme-billing-invoices-prod';
const LINK_TTL_SECONDS = 300;

const router = express.Router();

// GET /invoices/:invoiceId/pdf -> short-lived download link for the signed-in customer
router.get('/invoices/:invoiceId/pdf', async (req, res, next) => {
  try {
    const invoice = await invoices.findForCustomer(req.params.invoiceId, req.user.customerId);
    if (!invoice || !invoice.pdfKey) {
      return res.status(404).json({ message: 'invoice not found' });
    }

    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: INVOICE_BUCKET,
        Key: invoice.pdfKey,
        ResponseContentDisposition: `attachment; filename="invoice-${invoice.number}.pdf"`,
      }),
      { expiresIn: LINK_TTL_SECONDS },
    );
    res.json({ url, expiresIn: LINK_TTL_SECONDS });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
