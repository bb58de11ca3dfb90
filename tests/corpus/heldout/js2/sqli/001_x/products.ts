// pages/api/catalog/products.ts
import type { NextApiRequest, NextApiResponse } from "next";
import { searchProducts, type ProductQuery } from "../../../lib/catalog-repo";

const SORTABLE = new Set(["name", "price", "created_at"]);

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== "GET") {
    res.setHeader("Allow", "GET");
    return res.status(405).end();
  }

  const sortParam = first(req.query.sort) ?? "name";
  const query: ProductQuery = {
    text: (first(req.query.q) ?? "").slice(0, 100),
    category: first(req.query.category),
    sort: SORTABLE.has(sortParam) ? sortParam : "name",
    descending: first(req.query.order) === "desc",
    limit: Math.min(Math.max(Number.parseInt(first(req.query.limit) ?? "20", 10) || 20, 1), 100),
  };

  try {
    const rows = await searchProducts(query);
    res.status(200).json({ items: rows, count: rows.length });
  } catch (err) {
    console.error("product search failed", err);
    res.status(500).json({ error: "search failed" });
  }
}
