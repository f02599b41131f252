-- Payments and the idempotency keys that guard their creation.
-- Card data is held only as a token (keyed HMAC, see src/core/token.ts) and a mask (first six, last four):
-- the PAN never reaches the database. The CHECK constraints make that a property of the schema, not a habit.

CREATE TABLE payments (
  id            uuid        PRIMARY KEY,
  merchant_id   text        NOT NULL CHECK (merchant_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  amount_minor  bigint      NOT NULL CHECK (amount_minor BETWEEN 1 AND 99999999999),
  currency      char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  card_token    text        NOT NULL CHECK (card_token ~ '^tok_v[1-9][0-9]{0,3}_[A-Za-f]{32}$'),
  card_masked   text        NOT NULL CHECK (card_masked ~ '^[0-9]{6}\*{3,9}[0-9]{4}$'),
  card_brand    text        NOT NULL,
  card_expiry   char(5)     NOT NULL CHECK (card_expiry ~ '^(0[1-9]|1[0-2])/[0-9]{2}$'),
  reference     text        CHECK (reference IS NULL OR length(reference) <= 128),
  status        text        NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted')),
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_merchant_created ON payments (merchant_id, created_at);

-- One row per Idempotency-Key. request_fingerprint is SHA-256 over the canonical request in which the card is
-- already a token, so the fingerprint is a keyed derivative of the PAN (PCI DSS 3.5.1.1), never a plain hash.
CREATE TABLE idempotency_keys (
  idempotency_key     text        PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  request_fingerprint bytea       NOT NULL CHECK (length(request_fingerprint) = 32),
  payment_id          uuid        NOT NULL REFERENCES payments (id),
  created_at          timestamptz NOT NULL DEFAULT now()
);
