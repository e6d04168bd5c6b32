import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signBody, verifySignature } from "../../../src/jira/webhook/verify-signature.ts";

const bytes = (text: string) => Buffer.from(text, "utf8");

// A real-shaped Jira delivery body: the signature covers these exact bytes, spacing included.
const BODY = '{"timestamp":1773132300000,"webhookEvent":"jira:issue_updated","issue_event_type_name":"issue_commented","user":{"accountId":"5b10ac8d82e05b22cc7d4ef5"},"issue":{"id":"10001","key":"SUP-1"}, "note":"支付 ✓"}';
const SECRET = "p5Jm7kT0w9Qz-shepherd-test";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;

describe("webhook signatures (X-Hub-Signature: sha256=<hex HMAC>)", () => {
  // Atlassian's webhook page documents the scheme but publishes no test vector; Jira uses the
  // WebSub/GitHub scheme, whose documented vector (docs.github.com, "Validating webhook
  // deliveries") therefore applies byte for byte.
  it("passes the published WebSub/GitHub test vector", () => {
    const header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(signBody("It's a Secret to Everybody", "Hello, World!")).toBe(header);
    expect(verifySignature("It's a Secret to Everybody", bytes("Hello, World!"), header)).toBe(true);
  });

  it.skipIf(!hasOpenssl)("agrees with an independent HMAC computed by openssl on a Jira payload", () => {
    const dir = mkdtempSync(join(tmpdir(), "shepherd-sig-"));
    const file = join(dir, "body.json");
    writeFileSync(file, BODY);
    const result = spawnSync("openssl", ["dgst", "-sha256", "-hmac", SECRET, "-r", file], { encoding: "utf8" });
    expect(result.status).toBe(0);
    const hex = result.stdout.trim().split(/\s+/)[0] ?? "";
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, bytes(BODY), `sha256=${hex}`)).toBe(true);
    expect(verifySignature(SECRET, bytes(BODY), `sha256=${hex.toUpperCase()}`)).toBe(true);
    expect(signBody(SECRET, BODY)).toBe(`sha256=${hex}`);
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["another algorithm", `sha1=${"0".repeat(40)}`],
    ["no algorithm", signBody(SECRET, BODY).slice("sha256=".length)],
    ["a digest that is not hex", `sha256=${"z".repeat(64)}`],
    ["a truncated digest", signBody(SECRET, BODY).slice(0, -2)],
    ["a digest made with another secret", signBody("another secret", BODY)],
    ["the secret itself", `sha256=${SECRET}`],
  ])("rejects %s", (_name, header) => {
    expect(verifySignature(SECRET, bytes(BODY), header)).toBe(false);
  });

  it("rejects a body changed after signing, even by one byte or by re-serialising", () => {
    const header = signBody(SECRET, BODY);
    expect(verifySignature(SECRET, bytes(BODY.replace("SUP-1", "SUP-2")), header)).toBe(false);
    expect(verifySignature(SECRET, bytes(JSON.stringify(JSON.parse(BODY))), header)).toBe(false);
  });

  it("rejects the right digest with any one character that is not a hex digit, anywhere", () => {
    const hex = signBody(SECRET, BODY).slice("sha256=".length);
    for (let at = 0; at < hex.length; at++) {
      for (const odd of ["g", "G", "x", " ", "-", "+", "=", "\u0000", "é", "٣" /* U+0663: its low byte is "c" */]) {
        expect(verifySignature(SECRET, bytes(BODY), `sha256=${hex.slice(0, at)}${odd}${hex.slice(at + 1)}`)).toBe(false);
      }
    }
  });

  it("accepts a header exactly when it is sha256= and the digest in hex digits of either case", () => {
    const hex = signBody(SECRET, BODY).slice("sha256=".length);
    const digit = fc.constantFrom(..."0123456789abcdefABCDEFgz -");
    // The right digest with some characters changed (case, or into anything), and trailing white space.
    const header = fc.tuple(fc.array(fc.tuple(fc.nat({ max: 63 }), digit), { maxLength: 3 }), fc.constantFrom("", " ", "\t")).map(([changes, space]) => {
      const chars = [...hex];
      for (const [at, char] of changes) chars[at] = char;
      return `sha256=${chars.join("")}${space}`;
    });
    fc.assert(
      fc.property(header, (value) => {
        const given = value.slice("sha256=".length).trim();
        expect(verifySignature(SECRET, bytes(BODY), value)).toBe(/^[0-9a-f]{64}$/i.test(given) && given.toLowerCase() === hex);
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses to verify with an empty secret", () => {
    expect(() => verifySignature("", bytes(BODY), signBody("x", BODY))).toThrow(/empty secret/);
  });
});
