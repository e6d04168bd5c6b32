/** Guard for instants handed to calendar arithmetic. */

/** Throws RangeError for NaN or infinite instants: a bug upstream, and failing beats looping forever. */
export function checkInstant(t: number): void {
  if (!Number.isFinite(t)) throw new RangeError(`expected an instant in epoch milliseconds, found ${t}`);
}
