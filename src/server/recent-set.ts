/**
 * A bounded set of recently seen keys (delivery identifiers): the oldest is forgotten when it is
 * full, so memory stays bounded however many deliveries arrive. A Map keeps insertion order.
 */
export interface RecentSet {
  has(key: string): boolean;
  add(key: string): void;
  readonly size: number;
}

export function createRecentSet(limit: number): RecentSet {
  const keys = new Map<string, true>();
  return {
    has: (key) => keys.has(key),
    add(key) {
      keys.delete(key);
      keys.set(key, true);
      if (keys.size > limit) {
        const oldest = keys.keys().next().value;
        if (oldest !== undefined) keys.delete(oldest);
      }
    },
    get size() {
      return keys.size;
    },
  };
}
