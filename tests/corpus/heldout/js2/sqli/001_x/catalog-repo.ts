// lib/catalog-repo.ts
import knex from "knex";

export const db = knex({
  client: "pg",
  connection: process.env.DATABASE_URL,
  pool: { min: 0, max: 10 },
});

export interface ProductQuery {
  text: string;
  category?: string;
  sort: string;
  descending: boolean;
  limit: number;
}

export interface ProductRow {
  id: string;
  name: string;
  price_cents: number;
  category: string;
}

export async function searchProducts(q: ProductQuery): Promise<ProductRow[]> {
  const builder = db<ProductRow>("products")
    .select("id", "name", "price_cents", "category")
    .where("archived", false);

  if (q.text) {
    builder.whereRaw(`(name ILIKE '%${q.text}%' OR description ILIKE '%${q.text}%')`);
  }
  if (q.category) {
    builder.where("category", q.category);
  }

  return builder.orderBy(q.sort, q.descending ? "desc" : "asc").limit(q.limit);
}
