import express, { type Request, type Response } from 'express';

const app = express();
app.use(express.urlencoded({ extended: false, limit: '16kb' }));

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

function toWebLink(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

interface ProfileDraft {
  displayName: string;
  headline: string;
  website: string;
}

function readDraft(body: Record<string, unknown>): ProfileDraft {
  const field = (key: string, max: number) => String(body[key] ?? '').trim().slice(0, max);
  return {
    displayName: field('displayName', 80),
    headline: field('headline', 160),
    website: field('website', 300),
  };
}

function renderProfileCard(draft: ProfileDraft): string {
  const href = toWebLink(draft.website);
  const link = href
    ? `<a class="profile-link" href="${escapeHtml(href)}" rel="nofollow noopener">${escapeHtml(draft.website)}</a>`
    : '';
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Profile preview</title><link rel="stylesheet" href="/static/profile.css"></head>
  <body>
    <article class="profile-card">
      <h1>${escapeHtml(draft.displayName)}</h1>
      <p class="headline">${escapeHtml(draft.headline)}</p>
      ${link}
    </article>
  </body>
</html>`;
}

// Renders the card as it will appear on the public profile page, before saving.
app.post('/profile/preview', (req: Request, res: Response) => {
  const draft = readDraft(req.body);
  if (!draft.displayName) {
    res.status(400).type('text/plain').send('Display name is required.');
    return;
  }
  res.type('html').send(renderProfileCard(draft));
});

export default app;
