/** Widgets never throw into the page: problems become one console warning each. */
export function warn(...args: unknown[]): void {
  try {
    console.warn('[encore]', ...args);
  } catch {
    /* no console */
  }
}

/** Runs `fn`; a throw becomes a warning and `undefined`. */
export function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    warn(e);
    return undefined;
  }
}
