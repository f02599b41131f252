// Generated from db/migrations by `npx tsx src/functions/payments-api/migrate.ts --generate`. Do not edit.
import type { Migration } from './migrate.ts';

export const MIGRATIONS: Migration[] = [
  {
    "version": 1,
    "name": "payments",
    "sql": "-- Payments and the idempotency keys that guard their creation.\n-- Card data is held only as a token (keyed HMAC, see src/core/token.ts) and a mask (first six, last four):\n-- the PAN never reaches the database. The CHECK constraints make that a property of the schema, not a habit.\n\nCREATE TABLE payments (\n  id            uuid        PRIMARY KEY,\n  merchant_id   text        NOT NULL CHECK (merchant_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),\n  amount_minor  bigint      NOT NULL CHECK (amount_minor BETWEEN 1 AND 99999999999),\n  currency      char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),\n  card_token    text        NOT NULL CHECK (card_token ~ '^tok_v[1-9][0-9]{0,3}_[A-Za-f]{32}$'),\n  card_masked   text        NOT NULL CHECK (card_masked ~ '^[0-9]{6}\\*{3,9}[0-9]{4}$'),\n  card_brand    text        NOT NULL,\n  card_expiry   char(5)     NOT NULL CHECK (card_expiry ~ '^(0[1-9]|1[0-2])/[0-9]{2}$'),\n  reference     text        CHECK (reference IS NULL OR length(reference) <= 128),\n  status        text        NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted')),\n  created_at    timestamptz NOT NULL DEFAULT now()\n);\n\nCREATE INDEX payments_merchant_created ON payments (merchant_id, created_at);\n\n-- One row per Idempotency-Key. request_fingerprint is SHA-256 over the canonical request in which the card is\n-- already a token, so the fingerprint is a keyed derivative of the PAN (PCI DSS 3.5.1.1), never a plain hash.\nCREATE TABLE idempotency_keys (\n  idempotency_key     text        PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 255),\n  request_fingerprint bytea       NOT NULL CHECK (length(request_fingerprint) = 32),\n  payment_id          uuid        NOT NULL REFERENCES payments (id),\n  created_at          timestamptz NOT NULL DEFAULT now()\n);\n",
    "checksum": "1f2878d51724ed63ba60082430126ea7a84fe31de8380fe36f72d4d3f30db0b3"
  },
  {
    "version": 2,
    "name": "idempotency_key_hash",
    "sql": "-- Idempotency keys are kept only as a keyed hash (HMAC-SHA-256 under a key derived from the tokenization key, see\n-- src/functions/payments-api/config.ts). A client may put anything in the header, a card number included, and a\n-- hash removes the question of what the header held (issue 14).\n-- Keys stored in clear before this migration cannot be hashed here (the hashing key lives only in the function),\n-- so they are removed: a retry of a request made before the upgrade is treated as a new request. The payments\n-- themselves are kept.\nDELETE FROM idempotency_keys;\nALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;\nALTER TABLE idempotency_keys DROP COLUMN idempotency_key;\nALTER TABLE idempotency_keys ADD COLUMN key_hash bytea PRIMARY KEY CHECK (length(key_hash) = 32);\n",
    "checksum": "4996d4507c57278537489edf7b8b6f7c27d83e4962211ae303a8e59caa706620"
  }
];
