CREATE TABLE payments (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id       BIGINT        NOT NULL REFERENCES orders (id),
    amount_cents   INTEGER       NOT NULL CHECK (amount_cents > 0),
    currency       CHAR(3)       NOT NULL,
    card_token     VARCHAR(64)   NOT NULL,
    card_last4     CHAR(4)       NOT NULL,
    card_brand     VARCHAR(16)   NOT NULL,
    status         VARCHAR(16)   NOT NULL DEFAULT 'pending',
    created_at     TIMESTAMPTZ   NOT NULL DEFAULT now()
);

CREATE INDEX payments_order_id_idx ON payments (order_id);
