/**
 * Jira admin-webhook signatures: `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw
 * body, keyed with the webhook's secret>` (the WebSub scheme). Checked on the raw bytes, before
 * anything parses them, in constant time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const PREFIX = "sha256=";
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

/** The header value Jira sends for this body and secret. */
export function signBody(secret: string, body: Uint8Array | string): string {
  return PREFIX + createHmac("sha256", secret).update(body).digest("hex");
}

/**
 * Whether `header` is the signature of `body` under `secret`. Every way of failing (no header,
 * another algorithm, not hex, wrong digest) answers false alike. The comparison of the digests
 * takes the same time wherever they differ; their length is public and checked first.
 */
export function verifySignature(secret: string, body: Uint8Array, header: string | undefined): boolean {
  if (secret === "") throw new TypeError("verifySignature: an empty secret would accept any body");
  if (header === undefined || !header.startsWith(PREFIX)) return false;
  const hex = header.slice(PREFIX.length).trim();
  if (!HEX_DIGEST.test(hex)) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, "hex"));
}
