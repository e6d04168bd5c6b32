/**
 * A short stable hash of text (64-bit FNV-1a, 16 hex digits): names an alert group in hidden keys,
 * labels and store rows without carrying its text. Not for secrets: only to tell groups apart.
 */
const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/** The hash of `text` as 16 lower-case hex digits. */
export function alertHash(text: string): string {
  let hash = OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, "0");
}

/** A label set as one text, keys sorted: the same set gives the same text. */
export function labelSetText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`)
    .join(",");
}
