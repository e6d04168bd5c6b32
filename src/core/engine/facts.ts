/**
 * What one evaluation knows about an issue, computed lazily and at most once: the issue text,
 * the answers to named fields, who is team, and (filled in as modules run) the priority, the
 * category and the clocks.
 */
import type { Comment, EvaluationContext, Issue, Person } from "../model.ts";
import type { ClockReport, PrioritySource, TraceEntry } from "../plan.ts";
import type { FieldRule, Rules } from "../rules/rules.ts";
import type { EvaluationMemo } from "./evaluation-memo.ts";
import { createLabelSet, type LabelSet } from "./label-set.ts";
import { isAnswered, normaliseHeading, parseSections, tickedMatches, type ParsedSections } from "../text/parse-sections.ts";
import { commentKeys } from "../text/hidden-key.ts";

export type Role = "team" | "reporter" | "bot" | "other";

export interface Facts {
  issue: Issue;
  rules: Rules;
  now: number;
  context: EvaluationContext;
  /** Current labels, case-insensitive, including the changes planned so far. */
  labels: LabelSet;
  /** Title and body, for text conditions. */
  text: string;
  priority: string;
  priorityInferred: boolean;
  /** How the priority was settled, once the priority module has run. */
  prioritySource?: PrioritySource | undefined;
  category?: string | undefined;
  clocks: ClockReport[];
  trace: TraceEntry[];
  roleOf(person: Person): Role;
  /** The answer to a named field, or undefined when it has none. */
  answer(field: string): string | undefined;
  /**
   * The tracker fields the rules map a named field to for this issue's field source, where a
   * person fills the answer in; empty when it lives in the text.
   */
  trackerFields(field: string): readonly string[];
  /** The tool's own comment carrying this key (alone or among a digest's keys), if any. */
  ownComment(key: string): Comment | undefined;
  /** What this evaluation works out once for several modules (see `evaluation-memo.ts`). */
  memo: EvaluationMemo;
}

/** Where one field's answer is for one field source, worked out once per rules. */
interface FieldPlace {
  field: FieldRule;
  /** The tracker fields holding the answer, in order. */
  trackerFields: readonly string[];
  /** The normalised section headings holding the answer, in order. */
  sections: readonly string[];
}

interface RulesCache {
  known: Set<string>;
  members: Set<string>;
  /** Normalised section headings per field and field source. */
  sections: Map<string, Record<string, string[]>>;
  /** Each field's place per field source (`TrackerCapabilities.source`), made when a source is first met. */
  places: Map<string, Map<string, FieldPlace>>;
  /** Whether an association as a tracker spells it (`MEMBER`, `member`) is a team one; filled in as met. */
  teamAssociation: Map<string, boolean>;
}

const rulesCache = new WeakMap<Rules, RulesCache>();

function cacheFor(rules: Rules): RulesCache {
  let cache = rulesCache.get(rules);
  if (!cache) {
    const known = new Set<string>();
    const sections = new Map<string, Record<string, string[]>>();
    for (const field of rules.fields.values()) {
      const bySource: Record<string, string[]> = {};
      for (const [source, mapping] of Object.entries(field.sources)) {
        bySource[source] = mapping.sections.map(normaliseHeading);
        for (const s of bySource[source]) known.add(s);
      }
      sections.set(field.name, bySource);
    }
    const members = new Set<string>();
    for (const group of rules.groups.values()) {
      for (const m of group.members) {
        for (const id of Object.values(m)) if (id) members.add(id);
      }
    }
    cache = { known, members, sections, places: new Map(), teamAssociation: new Map<string, boolean>() };
    rulesCache.set(rules, cache);
  }
  return cache;
}

const NO_FIELDS: readonly string[] = [];

/** Every field's place for one field source, made once per rules and source. */
function placesFor(cache: RulesCache, rules: Rules, source: string): Map<string, FieldPlace> {
  let places = cache.places.get(source);
  if (places === undefined) {
    places = new Map<string, FieldPlace>();
    for (const field of rules.fields.values()) {
      const trackerFields = field.sources[source]?.fields ?? NO_FIELDS;
      places.set(field.name, { field, trackerFields, sections: cache.sections.get(field.name)?.[source] ?? NO_FIELDS });
    }
    cache.places.set(source, places);
  }
  return places;
}

/** What `answers` holds for a field asked for that has no answer. */
const UNANSWERED = Symbol("unanswered");

/**
 * Is a person's association a team one? Asked for every comment's author in several modules of
 * every evaluation: each spelling is upper-cased and looked up once per rules (a few values;
 * bounded all the same).
 */
function isTeamAssociation(cache: RulesCache, rules: Rules, association: string): boolean {
  let team = cache.teamAssociation.get(association);
  if (team === undefined) {
    team = rules.team.associations.has(association.toUpperCase());
    if (cache.teamAssociation.size > 1_000) cache.teamAssociation.clear();
    cache.teamAssociation.set(association, team);
  }
  return team;
}

/**
 * Is this person the tool itself or another automation? Such activity never counts as a team
 * response. (Whose hidden keys count is narrower: only the tool's own identity, `Person.self`.)
 */
export function isBot(rules: Rules, person: Person): boolean {
  return person.self === true || person.bot === true || rules.botLogins.includes(person.id) || person.id.endsWith("[bot]");
}

/** Is this the tool's own authenticated identity? */
export const isSelf = (person: Person | undefined): boolean => person?.self === true;

export function createFacts(issue: Issue, rules: Rules, now: number, context: EvaluationContext): Facts {
  const cache = cacheFor(rules);
  const source = issue.capabilities.source;
  let body: ParsedSections | undefined;
  let commentSections: ParsedSections[] | undefined;
  const places = placesFor(cache, rules, source);
  const answers = new Map<string, string | typeof UNANSWERED>();
  // Made only for an issue the tool has commented on.
  let ownComments: Map<string, Comment> | undefined;
  for (const comment of issue.comments) {
    // People's comments carry no key: skipped without asking for (and iterating) an empty list.
    if (comment.key === undefined && comment.keys === undefined) continue;
    ownComments ??= new Map<string, Comment>();
    for (const key of commentKeys(comment)) ownComments.set(key, comment);
  }

  const roleOf = (person: Person): Role => {
    if (isBot(rules, person)) return "bot";
    if (
      rules.team.people.has(person.id) ||
      cache.members.has(person.id) ||
      (person.association !== undefined && isTeamAssociation(cache, rules, person.association)) ||
      (person.groups?.some((g) => rules.team.groups.has(g)) ?? false)
    ) {
      return "team";
    }
    return person.id === issue.author.id ? "reporter" : "other";
  };

  const lookup = (place: FieldPlace): string | undefined => {
    const field = place.field;
    for (const name of place.trackerFields) {
      const value = issue.fields[name];
      const text = Array.isArray(value) ? value.join(", ") : value === null || value === undefined ? "" : String(value);
      if (isAnswered(text)) return text;
    }
    const sectionNames = place.sections;
    body ??= parseSections(issue.body, cache.known);
    for (const name of sectionNames) {
      const text = body.sections.get(name);
      if (text !== undefined && isAnswered(text)) return text;
    }
    if (field.checklist.length > 0 && tickedMatches(body.ticked, field.checklist)) return "(ticked)";
    if (field.inComments) {
      commentSections ??= issue.comments
        .filter((c) => c.key === undefined && c.public && !isBot(rules, c.author))
        .map((c) => parseSections(c.body, cache.known));
      // Latest comment first: a later correction wins.
      for (let i = commentSections.length - 1; i >= 0; i--) {
        const parsed = commentSections[i] as ParsedSections;
        for (const name of sectionNames) {
          const text = parsed.sections.get(name);
          if (text !== undefined && isAnswered(text)) return text;
        }
        if (field.checklist.length > 0 && tickedMatches(parsed.ticked, field.checklist)) return "(ticked)";
      }
    }
    return undefined;
  };

  return {
    issue,
    rules,
    now,
    context,
    labels: createLabelSet(issue.labels),
    text: `${issue.title}\n${issue.body}`,
    priority: rules.priority.default,
    priorityInferred: true,
    clocks: [],
    trace: [],
    roleOf,
    answer(name) {
      const known = answers.get(name);
      if (known !== undefined) return known === UNANSWERED ? undefined : known;
      const place = places.get(name);
      const value = place ? lookup(place) : undefined;
      answers.set(name, value === undefined ? UNANSWERED : value);
      return value;
    },
    trackerFields: (name) => places.get(name)?.trackerFields ?? NO_FIELDS,
    ownComment: (key) => ownComments?.get(key),
    memo: {},
  };
}
