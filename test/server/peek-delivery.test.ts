import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDelivery } from "../../src/jira/webhook/parse-delivery.ts";
import { peekDelivery } from "../../src/server/peek-delivery.ts";
import { expectLinear } from "../core/linear-time.ts";
import { JiraState } from "../fakes/jira/jira-state.ts";
import { adf, supportIssue, USERS } from "../fakes/jira/seed.ts";
import { commentEvent, issueEvent } from "../fakes/jira/webhook-payloads.ts";

const bytes = (value: unknown): Buffer => Buffer.from(typeof value === "string" ? value : JSON.stringify(value));

/** What the accept reads, as the full parser reads it. */
function expected(body: Buffer): unknown {
  const parsed = parseDelivery(body);
  if (parsed.kind === "malformed") return { kind: "malformed" };
  if (parsed.kind === "ignored") return { kind: "ignored", event: parsed.event };
  return { kind: "issue", event: parsed.event, issue: parsed.issue, actor: parsed.actor, issueEventType: parsed.issueEventType };
}

function actual(body: Buffer): unknown {
  const peeked = peekDelivery(body);
  if (peeked.kind === "malformed") return { kind: "malformed" };
  if (peeked.kind === "ignored") return { kind: "ignored", event: peeked.event };
  return peeked;
}

describe("peekDelivery", () => {
  it("reads Jira's payloads as the full parser does", () => {
    const state = new JiraState(() => Date.parse("2026-03-10T09:00:00Z"));
    const stored = state.add(supportIssue({ key: "SUP-1", id: "20000" }));
    const comment = state.addComment(stored, adf('He said "no" \\ twice\n'), [], USERS.agent);
    const items = [{ field: "labels", fieldtype: "jira", fieldId: "labels", from: null, fromString: "", to: null, toString: "customer-reply" }];
    const bodies = [
      issueEvent(state, "SUP-1", "jira:issue_updated", { user: USERS.reporter, items }),
      issueEvent(state, "SUP-1", "jira:issue_created", { user: USERS.agent }),
      commentEvent(state, "SUP-1", "comment_created", comment),
      commentEvent(state, "SUP-1", "comment_deleted", comment),
    ];
    for (const payload of bodies) {
      const body = bytes(payload);
      expect(actual(body)).toEqual(expected(body));
      expect(peekDelivery(body).kind).toBe("issue");
    }
  });

  it.each([
    ["escaped keys and values", '{"webhook\\u0045vent":"jira:issue_updated","issue":{"k\\u0065y":"sup-\\u0031"},"user":{"accountId":"a\\"b"}}'],
    ["a numeric id", '{"webhookEvent":"jira:issue_updated","issue":{"id":10001}}'],
    ["a key that is not one", '{"webhookEvent":"jira:issue_updated","issue":{"key":"../x"}}'],
    ["duplicate members (the last counts)", '{"webhookEvent":"x","webhookEvent":"comment_created","issue":{"key":"A-1"},"issue":{"id":"7"}}'],
    ["the issue in an array", '{"webhookEvent":"jira:issue_updated","issue":[{"key":"A-1"}]}'],
    ["keys of interest deeper down", '{"webhookEvent":"jira:issue_updated","x":{"issue":{"key":"B-2"}},"issue":{"fields":{"key":"C-3"},"key":"A-1"}}'],
    ["an actor from the comment", '{"webhookEvent":"comment_updated","comment":{"author":{"accountId":"a"},"updateAuthor":{"accountId":"u"}},"issue":{"key":"A-1"}}'],
    ["prototype names as keys", '{"webhookEvent":"jira:issue_updated","constructor":{"key":"X-1"},"issue":{"toString":1,"key":"A-1"}}'],
    ["an unsupported event", '{"webhookEvent":"project_created","project":{}}'],
    ["no event", '{"issue":{"key":"A-1"}}'],
    ["an empty event", '{"webhookEvent":"","issue":{"key":"A-1"}}'],
    ["numbers, literals and white space", ' {"a" : [1, -0.5e+3, true, false, null, {}, []], "webhookEvent":"jira:issue_updated", "issue": {"id": 1.0}}\n'],
    ["a root that is not an object", "[1,2]"],
    ["null", "null"],
    ["an empty body", ""],
    ["a truncated body", '{"webhookEvent": '],
    ["text after the object", '{"webhookEvent":"jira:issue_updated","issue":{"key":"A-1"}} x'],
    ["a missing comma", '{"webhookEvent":"jira:issue_updated" "issue":{"key":"A-1"}}'],
    ["a trailing comma", '{"webhookEvent":"jira:issue_updated","issue":{"key":"A-1"},}'],
    ["a bad literal", '{"webhookEvent":"jira:issue_updated","issue":{"key":"A-1"},"x":tru}'],
    ["a bad number", '{"webhookEvent":"jira:issue_updated","issue":{"key":"A-1"},"x":01}'],
    ["a mismatched bracket", '{"webhookEvent":"jira:issue_updated","issue":{"key":"A-1"],"x":1}'],
    ["a control character in a string", '{"webhookEvent":"jira:issue_updated","issue":{"key":"A-1"},"x":"a\u0001b"}'],
    ["an unterminated string", '{"webhookEvent":"jira:issue_updated","issue":{"key":"A-1'],
    ["a later copy of the event that is an object", '{"webhookEvent":"jira:issue_updated","webhookEvent":{},"issue":{"key":"A-1"}}'],
    ["a later copy of the key that is an array", '{"webhookEvent":"jira:issue_updated","issue":{"key":"A-1","key":[1],"id":"7"}}'],
    ["a later copy of the actor that is an object", '{"webhookEvent":"jira:issue_updated","user":{"accountId":"u","accountId":{"a":1}},"issue":{"key":"A-1"}}'],
    ["a byte order mark", '\uFEFF{"webhookEvent":"jira:issue_updated","issue":{"key":"A-1"}}'],
  ])("agrees with the full parser on %s", (_name, text) => {
    const body = bytes(text);
    expect(actual(body)).toEqual(expected(body));
  });

  it("agrees with the full parser on any JSON and on any bytes", () => {
    const member = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(null));
    const payload = fc.record(
      {
        webhookEvent: fc.constantFrom("jira:issue_updated", "comment_created", "comment_deleted", "x", ""),
        issue_event_type_name: member,
        issue: fc.oneof(fc.record({ key: fc.oneof(fc.constantFrom("SUP-1", "sup-2", "12", "x"), member), id: member }, { requiredKeys: [] }), member),
        user: fc.oneof(fc.record({ accountId: member }, { requiredKeys: [] }), member),
        comment: fc.oneof(fc.record({ author: fc.record({ accountId: member }), updateAuthor: fc.record({ accountId: member }) }, { requiredKeys: [] }), member),
        extra: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(payload.map((value) => JSON.stringify(value)), fc.json(), fc.string()), (text) => {
        const body = bytes(text);
        expect(actual(body)).toEqual(expected(body));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (raw) => {
        const body = Buffer.from(raw);
        expect(actual(body)).toEqual(expected(body));
      }),
      { numRuns: 2000 },
    );
  });

  /** The body's bytes at each offset from a word boundary (the pass reads strings a word at a time from the first aligned byte). */
  const atEachOffset = (body: Buffer): Buffer[] =>
    [0, 1, 2, 3].map((offset) => {
      const room = Buffer.alloc(body.length + 8);
      const start = offset + ((4 - (room.byteOffset & 3)) & 3);
      body.copy(room, start);
      return room.subarray(start, start + body.length);
    });

  it("finds the end of every string wherever its quote, escapes and control bytes fall in a word", () => {
    const envelope = (inner: string): string => `{"webhookEvent":"jira:issue_updated","x":${inner},"issue":{"key":"A-1"},"user":{"accountId":"u"}}`;
    // Pieces of raw JSON text between two quotes: a bare quote (the string ends early), valid
    // escapes (an escape the peek does not decode is not checked: its one leniency), bare
    // control bytes, UTF-8, and text without backslashes.
    const piece = fc.oneof(
      fc.constantFrom('"', '\\"', "\\\\", "\\\\\\\\", "\\n", "\\u0000", "\\u001f", "\\/", "\u0000", "\u001f", "\t", "é", "€", "😀", "\uD83D"),
      fc.string({ maxLength: 12 }).map((text) => text.replaceAll("\\", "")),
      fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
    );
    const inner = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((pieces) => `"${pieces.join("")}"`),
      fc.string({ unit: "binary", maxLength: 80 }).map((text) => JSON.stringify(text)),
      fc.array(fc.string({ unit: "binary", maxLength: 20 }), { maxLength: 6 }).map((texts) => JSON.stringify(Object.fromEntries(texts.map((text, at) => [text, [text, at]])))),
    );
    fc.assert(
      fc.property(inner, fc.nat({ max: 7 }), (text, pad) => {
        const padded = `${"[".repeat(pad & 1)}${" ".repeat(pad >> 1)}${text}${" ".repeat(pad >> 1)}${"]".repeat(pad & 1)}`;
        for (const body of atEachOffset(bytes(envelope(padded)))) expect(actual(body)).toEqual(expected(body));
      }),
      { numRuns: 1500 },
    );
  });

  it("stops at a control byte, a quote or an escape in any byte of any word of a long string or key", () => {
    // JSON text: escapes (valid), and bare bytes (a control byte or tab is malformed; a quote ends the string).
    const odds = ["\\u0000", '\\"', "\\\\", "\\t", "\u0000", "\u001f", "\t", '"', "é"];
    for (let length = 0; length < 24; length++) {
      for (let at = 0; at <= length; at++) {
        for (const odd of odds) {
          const text = `"${"a".repeat(at)}${odd}${"b".repeat(length - at)}"`;
          for (const body of [...atEachOffset(bytes(`{"webhookEvent":"comment_created","c":${text},"issue":{"key":"K-1"}}`)), ...atEachOffset(bytes(`{"webhookEvent":"comment_created",${text}:1,"issue":{"key":"K-1"}}`))]) {
            expect(actual(body)).toEqual(expected(body));
          }
        }
      }
    }
  });

  it("reads deep nesting without recursion and long bodies in linear time", () => {
    expect(peekDelivery(bytes(`{"a":${"[".repeat(200_000)}${"]".repeat(200_000)},"webhookEvent":"jira:issue_updated","issue":{"key":"A-1"}}`)).kind).toBe("issue");
    expect(peekDelivery(bytes(`{"a":${"[".repeat(200_000)}`)).kind).toBe("malformed");
    const envelope = (inner: string): string => `{"webhookEvent":"jira:issue_updated","issue":{"key":"A-1","fields":${inner}}}`;
    expectLinear("escapes", (n) => envelope(JSON.stringify("\\".repeat(n))), (text) => peekDelivery(bytes(text)));
    expectLinear("nesting", (n) => envelope(`${"[".repeat(n / 2)}${"]".repeat(n / 2)}`), (text) => peekDelivery(bytes(text)));
    expectLinear("members", (n) => envelope(JSON.stringify(Object.fromEntries(Array.from({ length: n / 8 }, (_, i) => [`k${i}`, i])))), (text) => peekDelivery(bytes(text)));
  }, 120_000);
});
