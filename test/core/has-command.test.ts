import { describe, expect, it } from "vitest";
import { hasCommand } from "../../src/core/engine/escalation.ts";

describe("hasCommand", () => {
  it("finds the command at the start of any line, in any case, as a word", () => {
    expect(hasCommand("/ack", "/ack")).toBe(true);
    expect(hasCommand("  /ACK on it", "/ack")).toBe(true);
    expect(hasCommand("thanks\r\n/Ack", "/ack")).toBe(true);
    expect(hasCommand("looking\n\n  /ack.", "/ack")).toBe(true);
  });

  it("refuses a longer word, a command inside a line, and text without it", () => {
    expect(hasCommand("/acknowledge-later", "/ack")).toBe(false);
    expect(hasCommand("/ack-later", "/ack")).toBe(false);
    expect(hasCommand("/ack/", "/ack")).toBe(false);
    expect(hasCommand("see /ack above", "/ack")).toBe(false);
    expect(hasCommand("no command here", "/ack")).toBe(false);
    expect(hasCommand("", "/ack")).toBe(false);
  });

  it("reads letters that lower-case to the command's, as a line read alone does", () => {
    // The Kelvin sign lower-cases to an ASCII k.
    expect(hasCommand("/ac\u212A", "/ack")).toBe(true);
    expect(hasCommand("ΣΑΣ\n/ACK", "/ack")).toBe(true);
  });

  it("looks for the command's sign (its `/`, a `-`, a digit) before reading the text in lower case", () => {
    expect(hasCommand("ACK-NOW please", "ack-now")).toBe(true);
    expect(hasCommand("ACKNOW please", "ack-now")).toBe(false);
    expect(hasCommand("LEVEL2 done\nlevel 2", "level2")).toBe(true);
    expect(hasCommand("ack without its slash", "/ack")).toBe(false);
    expect(hasCommand("收到\n／确认", "/确认")).toBe(false);
  });

  it("matches a command that is not ASCII", () => {
    expect(hasCommand("收到\n/确认 处理中", "/确认")).toBe(true);
    expect(hasCommand("/确认中", "/确认")).toBe(false);
  });
});
