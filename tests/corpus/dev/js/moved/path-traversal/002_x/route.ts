import { NextRequest, NextResponse } from 'next/server';
import { readArticle, ArticleNotFoundError } from './contentStore';

export const runtime = 'nodejs';

// GET /api/help?article=billing/invoices.md
export async function GET(request: NextRequest) {
  const article = request.nextUrl.searchParams.get('article');
  if (!article) {
    return NextResponse.json({ message: 'article is required' }, { status: 400 });
  }

  try {
    const { markdown, updatedAt } = await readArticle(article);
    return NextResponse.json(
      { article, markdown, updatedAt },
      { headers: { 'Cache-Control': 'public, max-age=300' } },
    );
  } catch (err) {
    if (err instanceof ArticleNotFoundError) {
      return NextResponse.json({ message: 'article not found' }, { status: 404 });
    }
    console.error('help article lookup failed', err);
    return NextResponse.json({ message: 'internal error' }, { status: 500 });
  }
}
