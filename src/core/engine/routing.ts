/**
 * Categories and routing: the category from labels, components, types or text;
 * an unassigned open issue goes to one member of the category's owning group.
 */
import type { CategoryRule, GroupRule } from "../rules/rules.ts";
import type { Facts } from "./facts.ts";
import { hashString } from "./hash.ts";
import { foldLabel } from "./label-set.ts";
import type { PlanBuilder } from "./plan-builder.ts";

const RULE = "routing";

/** A category marked by its component or its issue type (its labels are looked up apart). */
function markedOtherwise(category: CategoryRule, facts: Facts): boolean {
  const { issue } = facts;
  const components = issue.fields["components"];
  if (Array.isArray(components) && category.components.some((c) => components.includes(c))) return true;
  return issue.type !== undefined && category.types.some((t) => t.toLowerCase() === issue.type?.toLowerCase());
}

/**
 * The categories each label marks (lower case → bit i for the i-th category), per compiled
 * category list; null beyond 31 categories, which are then asked label by label.
 */
const categoriesByLabel = new WeakMap<readonly CategoryRule[], Map<string, number> | null>();

function labelCategories(categories: readonly CategoryRule[]): Map<string, number> | null {
  let byLabel = categoriesByLabel.get(categories);
  if (byLabel === undefined) {
    if (categories.length > 31) byLabel = null;
    else {
      const made = new Map<string, number>();
      categories.forEach((c, i) => {
        for (const label of c.labels) made.set(foldLabel(label), (made.get(foldLabel(label)) ?? 0) | (1 << i));
      });
      byLabel = made;
    }
    categoriesByLabel.set(categories, byLabel);
  }
  return byLabel;
}

/**
 * The category of the issue: explicit markers first, text patterns second. The issue's few labels
 * are looked up once each, not every category's labels on the issue.
 */
export function categorise(facts: Facts): string | undefined {
  const categories = facts.rules.categories;
  const byLabel = labelCategories(categories);
  let marked = 0;
  if (byLabel !== null && byLabel.size > 0) for (const key of facts.labels.keys()) marked |= byLabel.get(key) ?? 0;
  const explicit = categories.find(
    (c, i) => (byLabel !== null ? (marked & (1 << i)) !== 0 : c.labels.some((l) => facts.labels.has(l))) || markedOtherwise(c, facts),
  );
  if (explicit) return explicit.name;
  return categories.find((c) => c.text?.test(facts.text))?.name;
}

/** A group's member ids on one tracker, per compiled group: the same on every evaluation. */
const idsByGroup = new WeakMap<GroupRule, Map<string, readonly string[]>>();

function memberIds(group: GroupRule, source: Facts["issue"]["capabilities"]["source"]): readonly string[] {
  let bySource = idsByGroup.get(group);
  if (bySource === undefined) idsByGroup.set(group, (bySource = new Map<string, readonly string[]>()));
  let ids = bySource.get(source);
  if (ids === undefined) {
    ids = group.members.map((m) => m[source]).filter((id): id is string => id !== undefined);
    bySource.set(source, ids);
  }
  return ids;
}

/** Pick one member of a group for this issue, as ids of the issue's tracker. */
export function pickMember(group: GroupRule, facts: Facts): string | undefined {
  const ids = memberIds(group, facts.issue.capabilities.source);
  if (ids.length === 0) return undefined;
  const start = hashString(facts.issue.id) % ids.length;
  if (group.pick === "least-loaded" && facts.context.load) {
    const load = facts.context.load;
    let best = ids[start] as string;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[(start + i) % ids.length] as string;
      if ((load[id] ?? 0) < (load[best] ?? 0)) best = id;
    }
    return best;
  }
  // Stateless round-robin: consecutive issues spread over the members.
  return ids[start];
}

/** Resolve names to person ids: a group name gives its members, anything else is a person. */
export function resolvePeople(names: readonly string[], facts: Facts): string[] {
  // Each person once, where first named (a few names: a scan, not a set per call).
  const out: string[] = [];
  const add = (id: string) => {
    if (!out.includes(id)) out.push(id);
  };
  for (const name of names) {
    const group = facts.rules.groups.get(name);
    if (group) {
      for (const m of group.members) {
        const id = m[facts.issue.capabilities.source];
        if (id !== undefined) add(id);
      }
    } else {
      add(name.replace(/^@/, ""));
    }
  }
  return out;
}

export function applyRouting(facts: Facts, plan: PlanBuilder): void {
  facts.category = categorise(facts);
  const { issue } = facts;
  if (!facts.category) {
    facts.trace.push({ rule: RULE, fired: false, notes: ["no category matched"] });
    return;
  }
  const category = facts.rules.categories.find((c) => c.name === facts.category);
  const notes = [`category ${facts.category}`];
  if (issue.state !== "open" || issue.assignees.length > 0 || !category?.group) {
    notes.push(issue.assignees.length > 0 ? "already assigned" : category?.group ? "not open" : "no owning group");
    facts.trace.push({ rule: RULE, fired: false, notes });
    return;
  }
  const unassignedBy = issue.history.find((e) => e.kind === "unassigned" && e.actor !== undefined && facts.roleOf(e.actor) !== "bot");
  if (unassignedBy) {
    // A person took the assignee off: the tool does not put someone back.
    facts.trace.push({ rule: RULE, fired: false, notes: [...notes, `unassigned by ${unassignedBy.actor?.id ?? "a person"}; left unassigned`] });
    return;
  }
  const group = facts.rules.groups.get(category.group);
  const member = group ? pickMember(group, facts) : undefined;
  if (!group || !member) {
    facts.trace.push({ rule: RULE, fired: false, notes: [...notes, `group ${category.group} has no members`] });
    return;
  }
  plan.push({ kind: "assign", assignees: [member], rule: RULE, reason: `unassigned ${facts.category} issue → ${group.name} (${group.pick})` });
  facts.trace.push({ rule: RULE, fired: true, notes: [...notes, `assigned ${member} from ${group.name} (${group.pick})`] });
}
