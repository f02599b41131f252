// Adapters from the core's interfaces to AWS (SDK v3). The core never imports from here.
export * from './clients.ts';
export * from './s3-source.ts';
export * from './s3-multipart.ts';
export * from './ledger.ts';
export * from './audit-log.ts';
export * from './token-key.ts';
export * from './s3-event.ts';
export * from './env.ts';
export * from './logger.ts';
