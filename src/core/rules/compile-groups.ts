/** The `groups:` section → named groups of people, and the check of whom settings assign or mention. */
import { list, type CompileOutput, type DataPath } from "./compile-context.ts";
import { undeclaredName } from "./diagnostics.ts";
import type { GroupRule, Member } from "./rules.ts";
import { DEFAULT_PICK, type RuleFileOutput } from "./schema.ts";
import type { TrackerRuleSettings } from "./tracker-rule-settings.ts";

/** Named groups; a member written as one id is that id on every tracker (by the tracker's name). */
export function compileGroups(spec: RuleFileOutput["groups"], trackers: readonly TrackerRuleSettings[], out: CompileOutput): Map<string, GroupRule> {
  const groups = new Map<string, GroupRule>();
  for (const [name, group] of Object.entries(spec ?? {})) {
    const listed = Array.isArray(group) ? group : group.members;
    if (listed === undefined) {
      out.problems.push({ path: ["groups", name], atKey: true, message: "expected members (a list of people, e.g. members: [li-wei]), found none" });
    }
    if (name.startsWith("@")) {
      out.problems.push({ path: ["groups", name], atKey: true, message: `expected a group name without @ (@ marks a person), found ${JSON.stringify(name)}` });
    }
    // `"@li-wei"` in a list of members is the same person as `li-wei`.
    const members = (listed ?? []).map((m): Member => {
      if (typeof m !== "string") return m;
      const id = m.replace(/^@/, "");
      return Object.fromEntries(trackers.map((t) => [t.name, id]));
    });
    groups.set(name, { name, members, pick: Array.isArray(group) ? DEFAULT_PICK : group.pick });
  }
  return groups;
}

/**
 * Whom `assign:` and `mention:` name (escalation levels, rule actions): a bare name is a
 * declared group or a person the rules already list (a plain member of a group, or team); anyone
 * else is written `"@login"`. So a typo is a diagnostic, never a mention of whoever owns that
 * login. The check returns the targets as evaluation reads them: a group's name, or a person's id.
 */
export function targetCheck(
  groups: ReadonlyMap<string, GroupRule>,
  data: Pick<RuleFileOutput, "groups" | "team">,
  out: CompileOutput,
): (value: string | string[] | undefined, path: DataPath) => string[] {
  const knownPeople = new Set<string>(data.team.people);
  for (const spec of Object.values(data.groups ?? {})) {
    for (const m of (Array.isArray(spec) ? spec : spec.members) ?? []) if (typeof m === "string") knownPeople.add(m.replace(/^@/, ""));
  }
  return (value, path) =>
    list(value).map((name, i) => {
      const at = Array.isArray(value) ? [...path, i] : path;
      if (name.startsWith("@")) {
        const id = name.slice(1);
        if (id === "") out.problems.push({ path: at, message: `expected a person after @ (e.g. "@li-wei"), found "@"` });
        else if (groups.has(id)) {
          out.problems.push({ path: at, message: `expected a person, found ${JSON.stringify(name)}, which is the name of a declared group; write ${id} (no @) for the group` });
        }
        return id;
      }
      if (!groups.has(name) && !knownPeople.has(name)) {
        out.problems.push({
          path: at,
          message: `${undeclaredName("group", name, [...groups.keys()])} (a person the groups do not list is written "@${name}", in quotes)`,
          ref: { kind: "group", name },
        });
      }
      return name;
    });
}
