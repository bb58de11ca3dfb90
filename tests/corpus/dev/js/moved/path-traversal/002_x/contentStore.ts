import { promises as fs } from 'node:fs';
import path from 'node:path';

const CONTENT_ROOT = path.join(process.cwd(), 'content', 'help');

export class ArticleNotFoundError extends Error {}

/** Joins a relative article key onto the content root, refusing keys that leave it. */
export function safeJoin(root: string, key: string): string | null {
  const base = path.resolve(root);
  const target = path.resolve(base, key);
  const rel = path.relative(base, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    return null;
  }
  return target;
}

export async function readArticle(key: string): Promise<{ markdown: string; updatedAt: string }> {
  const filePath = safeJoin(CONTENT_ROOT, key);
  if (!filePath) {
    throw new ArticleNotFoundError(key);
  }
  try {
    const [markdown, stat] = await Promise.all([
      fs.readFile(filePath, 'utf8'),
      fs.stat(filePath),
    ]);
    return { markdown, updatedAt: stat.mtime.toISOString() };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ArticleNotFoundError(key);
    }
    throw err;
  }
}
