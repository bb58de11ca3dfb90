'use strict';

const path = require('node:path');
const crypto = require('node:crypto');
const Router = require('@koa/router');
const multer = require('@koa/multer');
const { requireMerchant } = require('../auth');
const catalogue = require('../catalogueService');

const PHOTO_DIR = process.env.PHOTO_DIR || '/srv/catalogue/photos';
const PHOTO_TYPES = new Map([
  ['image/png', '.png'],
  ['image/jpeg', '.jpg'],
  ['image/webp', '.webp'],
]);

const upload = multer({
  storage: multer.diskStorage({
    destination: PHOTO_DIR,
    filename: (_req, file, cb) => cb(null, `${crypto.randomUUID()}${PHOTO_TYPES.get(file.mimetype)}`),
  }),
  fileFilter: (_req, file, cb) => {
    const ext = path.extname(file.originalname).toLowerCase();
    const allowedExt = ['.png', '.jpg', '.jpeg', '.webp'].includes(ext);
    cb(null, allowedExt && PHOTO_TYPES.has(file.mimetype));
  },
});

const router = new Router({ prefix: '/products/:productId/photos' });

router.post('/', requireMerchant, upload.array('photos', 10), async (ctx) => {
  const product = await catalogue.findOwnedProduct(ctx.params.productId, ctx.state.merchant.id);
  if (!product) ctx.throw(404, 'product not found');

  const files = ctx.files || [];
  if (files.length === 0) ctx.throw(400, 'no photos of a supported type were uploaded');

  const photos = await catalogue.addPhotos(
    product.id,
    files.map((f) => ({ storedName: f.filename, contentType: f.mimetype, bytes: f.size })),
  );
  ctx.status = 201;
  ctx.body = photos.map((p) => ({ id: p.id, url: p.cdnUrl }));
});

module.exports = router;
