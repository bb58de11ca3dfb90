import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import multer from 'multer';
import { requireSession } from '../auth/requireSession';
import { receipts } from '../data/receipts';

const RECEIPTS_DIR = process.env.RECEIPTS_DIR ?? '/var/lib/expenses/receipts';
const MAX_RECEIPT_BYTES = 5 * 1024 * 1024;

const RECEIPT_TYPES = new Map<string, string[]>([
  ['.png', ['image/png']],
  ['.jpg', ['image/jpeg']],
  ['.jpeg', ['image/jpeg']],
  ['.pdf', ['application/pdf']],
]);

const storage = multer.diskStorage({
  destination: RECEIPTS_DIR,
  filename: (_req, file, cb) => {
    cb(null, `${randomUUID()}${path.extname(file.originalname).toLowerCase()}`);
  },
});

const upload = multer({
  storage,
  limits: { fileSize: MAX_RECEIPT_BYTES, files: 1, fields: 5 },
  fileFilter: (_req, file, cb) => {
    const ext = path.extname(file.originalname).toLowerCase();
    const mimeTypes = RECEIPT_TYPES.get(ext);
    if (!mimeTypes || !mimeTypes.includes(file.mimetype)) {
      cb(new multer.MulterError('LIMIT_UNEXPECTED_FILE', file.fieldname));
      return;
    }
    cb(null, true);
  },
});

export const receiptRoutes = express.Router();

receiptRoutes.post(
  '/claims/:claimId/receipts',
  requireSession,
  upload.single('receipt'),
  async (req: Request, res: Response) => {
    const claim = await receipts.findClaimForUser(req.params.claimId, req.user!.id);
    if (!claim) {
      res.status(404).json({ message: 'claim not found' });
      return;
    }
    if (!req.file) {
      res.status(400).json({ message: 'attach a receipt file' });
      return;
    }

    const saved = await receipts.attach({
      claimId: claim.id,
      storedName: req.file.filename,
      originalName: req.file.originalname.slice(0, 255),
      contentType: req.file.mimetype,
      bytes: req.file.size,
      uploadedBy: req.user!.id,
    });
    res.status(201).json({ id: saved.id, bytes: saved.bytes });
  },
);

receiptRoutes.use((err: unknown, _req: Request, res: Response, next: express.NextFunction) => {
  if (err instanceof multer.MulterError) {
    res.status(err.code === 'LIMIT_FILE_SIZE' ? 413 : 400).json({ message: 'upload rejected' });
    return;
  }
  next(err);
});
