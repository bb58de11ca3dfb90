import multer, { Options } from 'multer';

const imageOptions: Options = {
  storage: multer.memoryStorage(),
  limits: { fileSize: 1024 * 1024 },
  fileFilter: (_req, file, cb) => cb(null, ['image/png', 'image/webp'].includes(file.mimetype)),
};

// ok: js-upload-multer-no-file-filter, js-upload-multer-no-size-limit
export const imageUpload = multer(imageOptions);

const csvOptions = { storage: multer.memoryStorage() };

// ruleid: js-upload-multer-no-file-filter, js-upload-multer-no-size-limit
export const csvUpload = multer(csvOptions);

// ruleid: js-upload-multer-no-file-filter, js-upload-multer-no-size-limit
export const anyUpload = multer();
