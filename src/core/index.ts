// The card-data core: pure domain code, no AWS imports. Functions and adapters import from here.
export * from './errors.ts';
export * from './pan.ts';
export * from './detect.ts';
export * from './redact.ts';
export * from './hmac-sha256.ts';
export * from './token.ts';
export * from './currency.ts';
export * from './reasons.ts';
export * from './record.ts';
export * from './csv.ts';
export * from './dedupe.ts';
export * from './pipeline.ts';
export * from './fast-record.ts';
export * from './output.ts';
export * from './lines.ts';
export * from './audit.ts';
