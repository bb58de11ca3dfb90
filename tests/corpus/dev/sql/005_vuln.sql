-- Roles for the shop (PostgreSQL). Passwords are set by the provisioning tool, not here.
CREATE ROLE shop_web NOLOGIN;
CREATE ROLE shop_reporting NOLOGIN;

CREATE TABLE orders (
    id          BIGSERIAL PRIMARY KEY,
    customer_id BIGINT      NOT NULL,
    total_cents INTEGER     NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE order_lines (
    order_id  BIGINT  NOT NULL REFERENCES orders (id),
    sku       TEXT    NOT NULL,
    quantity  INTEGER NOT NULL CHECK (quantity > 0)
);

GRANT USAGE ON SCHEMA public TO shop_web, shop_reporting;
GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO shop_web;
GRANT SELECT ON orders, order_lines TO shop_reporting;
