-- Idempotency keys are kept only as a keyed hash (HMAC-SHA-256 under a key derived from the tokenization key, see
-- src/functions/payments-api/config.ts). A client may put anything in the header, a card number included, and a
-- hash removes the question of what the header held (issue 14).
-- Keys stored in clear before this migration cannot be hashed here (the hashing key lives only in the function),
-- so they are removed: a retry of a request made before the upgrade is treated as a new request. The payments
-- themselves are kept.
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys DROP COLUMN idempotency_key;
ALTER TABLE idempotency_keys ADD COLUMN key_hash bytea PRIMARY KEY CHECK (length(key_hash) = 32);
