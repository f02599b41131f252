// One error hierarchy for the card-data core and the functions built on it. Subclasses set `name` so logs and
// callers can tell them apart without instanceof across bundles; `cause` is always kept.
// Messages never carry card data: callers pass masks or reason codes, never a PAN.

export class EnclaveError extends Error {
  override name = 'EnclaveError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A configuration problem (missing environment variable, bad key id): the function cannot run at all. */
export class ConfigurationError extends EnclaveError {
  override name = 'ConfigurationError';
}

/** A whole job cannot be processed (empty file, object not SSE-KMS encrypted, bad CSV header…). Not retried. */
export class JobRejectedError extends EnclaveError {
  override name = 'JobRejectedError';
  constructor(
    readonly reason: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Another worker holds the job's lease: the event should be retried later, not processed now. */
export class JobInProgressError extends EnclaveError {
  override name = 'JobInProgressError';
}

/** A token or key problem (unknown key version, malformed token). */
export class TokenError extends EnclaveError {
  override name = 'TokenError';
}

/** A storage adapter failed in a way the caller may retry (throttling, network). */
export class TransientStorageError extends EnclaveError {
  override name = 'TransientStorageError';
}
