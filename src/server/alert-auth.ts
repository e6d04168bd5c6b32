/**
 * Who may post alerts: a bearer token (SHEPHERD_ALERT_TOKEN) or a user and password for basic
 * auth (SHEPHERD_ALERT_USER, SHEPHERD_ALERT_PASSWORD), from the environment — what Alertmanager's
 * `http_config` sends (`authorization: { credentials_file: … }` or `basic_auth:`). Without one the
 * alert routes are not served at all. Credentials are compared in constant time (over digests,
 * so that neither their content nor their length shows in the timing).
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** The credentials alerts must carry. */
export type AlertAuth = { kind: "bearer"; token: string } | { kind: "basic"; user: string; password: string };

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

const same = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected));

const set = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";

/** The alert credentials from the environment: none, or an operator's mistake to report. */
export function readAlertAuth(env: Readonly<Record<string, string | undefined>>): { auth: AlertAuth | undefined } | { error: string } {
  const token = env.SHEPHERD_ALERT_TOKEN;
  const user = env.SHEPHERD_ALERT_USER;
  const password = env.SHEPHERD_ALERT_PASSWORD;
  if (set(token)) {
    if (set(user) || set(password)) return { error: "SHEPHERD_ALERT_TOKEN and SHEPHERD_ALERT_USER/SHEPHERD_ALERT_PASSWORD are both set: alerts take one kind of credentials. Keep the token (bearer) or the user and password (basic auth)" };
    if (token.trim().length < 16) return { error: "SHEPHERD_ALERT_TOKEN is shorter than 16 characters: anyone could guess it. Use a long random one, e.g. openssl rand -hex 32" };
    return { auth: { kind: "bearer", token: token.trim() } };
  }
  if (set(user) !== set(password)) return { error: `SHEPHERD_ALERT_${set(user) ? "PASSWORD" : "USER"} is not set: basic auth for alerts needs SHEPHERD_ALERT_USER and SHEPHERD_ALERT_PASSWORD both` };
  if (set(user) && set(password)) {
    if (password.length < 12) return { error: "SHEPHERD_ALERT_PASSWORD is shorter than 12 characters: use a long random one" };
    return { auth: { kind: "basic", user, password } };
  }
  return { auth: undefined };
}

/** Does the request's Authorization header carry the credentials? */
export function alertAuthorized(auth: AlertAuth, header: string | undefined): boolean {
  if (header === undefined) return false;
  const space = header.indexOf(" ");
  if (space < 0) return false;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (auth.kind === "bearer") return scheme === "bearer" && same(value, auth.token);
  if (scheme !== "basic") return false;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  // Both compared, always: which one was wrong does not show in the timing either.
  const userOk = same(decoded.slice(0, colon), auth.user);
  const passwordOk = same(decoded.slice(colon + 1), auth.password);
  return userOk && passwordOk;
}

/** The `WWW-Authenticate` challenge of a refused request. */
export const alertChallenge = (auth: AlertAuth): string => (auth.kind === "bearer" ? 'Bearer realm="shepherd alerts"' : 'Basic realm="shepherd alerts", charset="UTF-8"');
