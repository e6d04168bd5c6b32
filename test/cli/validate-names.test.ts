/** `shepherd validate` as users run it (the real command in a child process) on whom rules name. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));

function validate(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-validate-"));
  const file = join(dir, "shepherd.yml");
  writeFileSync(file, text);
  const run = spawnSync(process.execPath, [bin, "validate", file], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
  return { code: run.status, stdout: run.stdout.replaceAll(dir, "<tmp>"), stderr: run.stderr.replaceAll(dir, "<tmp>") };
}

describe("shepherd validate", () => {
  it("exits 2 on a file that escalates to an undeclared group, with the declared name suggested", () => {
    const run = validate(["extends: support", "groups:", "  team-lead: [chen-jing]", "escalation:", "  levels:", "    - { after: 0m, assign: on-call, mention: team-laed }", ""].join("\n"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatchInlineSnapshot(`
      "<tmp>/shepherd.yml:6:46: escalation.levels[0].mention: expected a declared group (on-call, team-lead, support-manager), found "team-laed" — did you mean "team-lead"? (a person the groups do not list is written "@team-laed", in quotes)
      "
    `);
    expect(run.stdout).toContain("1 problem(s)");
  });

  it("exits 0 on the preset alone and on a file naming people with @", () => {
    expect(validate("extends: support\n").code).toBe(0);
    const run = validate(["extends: support", "calendars: { business: { timezone: Asia/Shanghai } }", "escalation:", "  levels:", '    - { after: 0m, assign: "@li-wei", mention: team-lead }', ""].join("\n"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: times in Asia\/Shanghai; P0, P1 on 24x7 \(every hour of every day\); P2, P3 on business \(Asia\/Shanghai, mon-fri 09:00-18:00\)\n$/);
  });

  it("warns, and exits 0, when the business calendar's zone is the preset's: the line of the extends, the zone, what to write", () => {
    const run = validate("# our rules\nextends: support\n");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatchInlineSnapshot(`
      "<tmp>/shepherd.yml:2:10: warning: calendars.business.timezone: the business calendar takes its time zone from the preset: working hours are counted and due times shown in UTC. Set your team's zone in this file, e.g. calendars: { business: { timezone: Asia/Shanghai } } (or timezone: UTC to keep it)
      "
    `);
    expect(run.stdout).toMatch(/✓ .*shepherd\.yml \(1 warning\): times in UTC \(the preset's zone — set calendars\.business\.timezone\); P0, P1 on 24x7 /);
    // Naming the zone, even UTC itself, silences it.
    expect(validate("extends: support\ncalendars: { business: { timezone: UTC } }\n").stderr).toBe("");
  });
});
