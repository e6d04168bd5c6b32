/**
 * How GitHub checks the JWT a GitHub App authenticates with: RS256 over `header.payload`,
 * verified with the App's public key; `iss` the App's id; issued no later than now (a minute of
 * clock drift allowed), expiring in the future and at most ten minutes after it was issued.
 * Answers why a JWT is refused, or undefined when it is good.
 */
import { createPublicKey, verify } from "node:crypto";

const DRIFT_SECONDS = 60;
const LONGEST_SECONDS = 600;

const part = (text: string | undefined): Record<string, unknown> | undefined => {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

export function jwtProblem(jwt: string, app: { appId: number; publicKey: string }, nowMs: number): string | undefined {
  const [head, body, signature, ...rest] = jwt.split(".");
  const header = part(head);
  const payload = part(body);
  if (header === undefined || payload === undefined || signature === undefined || rest.length > 0) return "A JSON web token could not be decoded";
  if (header.alg !== "RS256") return `'alg' must be RS256, found ${JSON.stringify(header.alg)}`;
  const signed = verify("RSA-SHA256", Buffer.from(`${head}.${body}`), createPublicKey(app.publicKey), Buffer.from(signature, "base64url"));
  if (!signed) return "A JSON web token could not be decoded";
  if (String(payload.iss) !== String(app.appId)) return `'Issuer' claim ('iss') must be an Integer, the App's id ${app.appId}`;
  const now = Math.floor(nowMs / 1000);
  const { iat, exp } = payload;
  if (typeof iat !== "number" || typeof exp !== "number") return "'Issued at' and 'Expiration time' claims ('iat', 'exp') are required";
  if (iat > now + DRIFT_SECONDS) return "'Issued at' claim ('iat') must be an Integer representing a time in the past";
  if (exp <= now) return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  if (exp - iat > LONGEST_SECONDS) return "'Expiration time' claim ('exp') is too far in the future";
  return undefined;
}
