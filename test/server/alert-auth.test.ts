/**
 * Who may post alerts: the credentials read from the environment (and the operator's mistakes
 * named), bearer and basic auth checked, and a body past the limit refused before it is read.
 */
import { describe, expect, it } from "vitest";
import { alertAuthorized, readAlertAuth } from "../../src/server/alert-auth.ts";
import { fixture, loadRules, startAlertServer } from "./alert-harness.ts";

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("alert credentials", () => {
  it("reads a token, or a user and password, and names what is wrong", () => {
    expect(readAlertAuth({})).toEqual({ auth: undefined });
    expect(readAlertAuth({ SHEPHERD_ALERT_TOKEN: "0123456789abcdef0123" })).toEqual({ auth: { kind: "bearer", token: "0123456789abcdef0123" } });
    const error = (env: Record<string, string>): string => {
      const read = readAlertAuth(env);
      return "error" in read ? read.error : "no error";
    };
    expect(error({ SHEPHERD_ALERT_USER: "am" })).toContain("SHEPHERD_ALERT_PASSWORD is not set");
    expect(error({ SHEPHERD_ALERT_TOKEN: "0123456789abcdef0123", SHEPHERD_ALERT_USER: "am", SHEPHERD_ALERT_PASSWORD: "p" })).toContain("both set");
    expect(error({ SHEPHERD_ALERT_USER: "am", SHEPHERD_ALERT_PASSWORD: "short" })).toContain("shorter than 12");
  });

  it("accepts exactly the configured credentials", () => {
    const bearer = { kind: "bearer" as const, token: "0123456789abcdef0123" };
    expect(alertAuthorized(bearer, "Bearer 0123456789abcdef0123")).toBe(true);
    expect(alertAuthorized(bearer, "bearer 0123456789abcdef0123")).toBe(true);
    expect(alertAuthorized(bearer, "Bearer 0123456789abcdef012")).toBe(false);
    expect(alertAuthorized(bearer, basic("x", "0123456789abcdef0123"))).toBe(false);
    expect(alertAuthorized(bearer, undefined)).toBe(false);
    const user = { kind: "basic" as const, user: "alertmanager", password: "correct horse battery" };
    expect(alertAuthorized(user, basic("alertmanager", "correct horse battery"))).toBe(true);
    expect(alertAuthorized(user, basic("alertmanager", "correct horse batter"))).toBe(false);
    expect(alertAuthorized(user, basic("someone", "correct horse battery"))).toBe(false);
    expect(alertAuthorized(user, "Bearer correct horse battery")).toBe(false);
  });

  it("refuses a body past the limit with 413 and stores nothing", async () => {
    const now = Date.parse("2026-03-02T09:02:00Z");
    const alerts = await startAlertServer({ rules: loadRules("extends: support\nalerts: { tracker: github, repository: acme/ops }\n", now), env: { GITHUB_TOKEN: "x", GITHUB_API_URL: "http://127.0.0.1:9/api/v3" }, now: () => now });
    try {
      const huge = { ...fixture("firing"), commonAnnotations: { description: "x".repeat(2 * 1024 * 1024) } };
      expect((await alerts.post("/webhooks/alertmanager", huge)).status).toBe(413);
      expect(alerts.server.pending()).toBe(0);
      const get = await fetch(`${alerts.url}/webhooks/alertmanager`);
      expect(get.status).toBe(405);
    } finally {
      await alerts.close();
    }
  });
});
