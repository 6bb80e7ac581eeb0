/** Thrown (development) or logged (production) for an invalid config. Names the key, the value and what was expected. */
export class EncoreConfigError extends Error {
  override name = 'EncoreConfigError';
  constructor(
    message: string,
    /** Dotted path of the offending key, e.g. `retry.maxAttempts`. */
    readonly key: string,
    /** The value received. */
    readonly received?: unknown,
  ) {
    super(message);
  }
}
