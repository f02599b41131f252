// Every way a record, a job or a validated object can be rejected. Codes are stable API: they appear in
// quarantine objects, the job ledger, audit records and metrics.

/** Why a single input record was quarantined. */
export const RECORD_REASONS = {
  MALFORMED_RECORD: 'the line is not a JSON object / not a CSV row',
  TRUNCATED_RECORD: 'the last line ends without a newline and does not parse: the file was cut short',
  INVALID_UTF8: 'the line is not valid UTF-8',
  LINE_TOO_LONG: 'the line is longer than the maximum record size',
  MISSING_FIELD: 'a required field is missing',
  UNKNOWN_FIELD: 'a field outside the schema is present',
  COLUMN_COUNT: 'a CSV row has a different number of cells than the header',
  CSV_MALFORMED: 'a CSV row has broken quoting',
  CSV_FORMULA_INJECTION: 'a CSV cell starts with =, +, -, @, tab or carriage return',
  TRANSACTION_ID_INVALID: 'transaction_id is not 1–64 characters of [A-Za-z0-9._:-]',
  MERCHANT_ID_INVALID: 'merchant_id is not 1–64 characters of [A-Za-z0-9._:-]',
  PAN_FORMAT: 'pan is not 13–19 digits (spaces and hyphens allowed)',
  PAN_LUHN: 'pan fails the Luhn check',
  PAN_BRAND_UNKNOWN: 'pan matches no supported brand IIN range and length',
  PAN_IN_OTHER_FIELD: 'a field other than pan holds a card number (src/core/card-numbers.md)',
  EXPIRY_INVALID: 'expiry is not MM/YY',
  CARD_EXPIRED: 'the card had expired at the transaction timestamp',
  AMOUNT_INVALID: 'amount_minor is not an integer from 1 to 99,999,999,999',
  CURRENCY_INVALID: 'currency is not an active ISO 4217 code',
  TIMESTAMP_INVALID: 'timestamp is not an ISO 8601 date-time with offset',
  DUPLICATE_TRANSACTION_ID: 'transaction_id already accepted earlier in the same file',
} as const;
export type RecordReason = keyof typeof RECORD_REASONS;

/** Why a whole job failed without producing output. The source object is left untouched. */
export const JOB_REASONS = {
  EMPTY_FILE: 'the object holds no records',
  SOURCE_NOT_SSE_KMS: 'the source object is not encrypted with SSE-KMS',
  CSV_HEADER_INVALID: 'the CSV header does not name exactly the schema columns',
  SOURCE_NOT_FOUND: 'the object or version no longer exists',
  UNSUPPORTED_EVENT: 'the event is not an S3 ObjectCreated notification for the raw bucket',
  UNSAFE_OBJECT_KEY: 'the object key itself contains a card number; it is recorded masked and not processed',
  UNSAFE_VERSION_ID: 'the version id the event names contains a card number; it is recorded masked and not processed',
  SOURCE_KEY_TOO_LONG:
    "the object key is too long for the output keys made from it to stay within S3's 1,024-byte limit",
  MALFORMED_EVENT_RECORD:
    'an event record is not a readable S3 ObjectCreated notification (schema, or a key that is not %-encoding)',
} as const;
export type JobReason = keyof typeof JOB_REASONS;

/** Why the validator failed a processed object. */
export const VALIDATION_REASONS = {
  NOT_SSE_KMS: 'the object is not encrypted with SSE-KMS',
  WRONG_KMS_KEY: 'the object is encrypted under a key other than the expected one',
  SCHEMA_VIOLATION: 'a record does not conform to the processed-record schema',
  CLEAR_PAN_FOUND: 'a card number (src/core/card-numbers.md) appears in the object: in a line, a value or a key',
  INVALID_UTF8: 'the object is not valid UTF-8',
  OBJECT_NOT_FOUND: 'the object or version does not exist',
  UNSAFE_OBJECT_KEY: 'the object key itself contains a card number',
  UNSAFE_VERSION_ID: 'the version id the event names contains a card number',
  MALFORMED_EVENT_RECORD: 'an event record is not a readable S3 ObjectCreated notification',
} as const;
export type ValidationReason = keyof typeof VALIDATION_REASONS;
