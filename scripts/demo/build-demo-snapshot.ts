/**
 * Builds `demo/snapshot.json` from `demo/scenarios.yml`: the scenarios say who did what and when;
 * everything else GitHub's REST API would return for an issue, its comments and its timeline
 * (labels, assignees, state, counts, ids, node ids, URLs, full user objects) is derived from them,
 * so the snapshot cannot contradict itself. Issue-form bodies are rendered from
 * `.github/ISSUE_TEMPLATE/support-*.yml`, so the section headings are exactly those of the forms.
 *
 * The builder of the fake GitHub (`test/fakes/github/make-issues.ts`) makes the minimal shapes the
 * adapter reads; the demo needs every field and stable ids as GitHub writes them, so it has its own.
 */
import { readFileSync } from "node:fs";
import { isMap, isSeq, LineCounter, parse, parseDocument, type Document } from "yaml";

/** The scenarios file and the snapshot it generates, relative to the repository root. */
export const DEMO_SCENARIOS = "demo/scenarios.yml";
export const DEMO_SNAPSHOT = "demo/snapshot.json";

const ROOT = new URL("../../", import.meta.url);
const API = "https://api.github.com";
const WEB = "https://github.com";

type Association = "MEMBER" | "CONTRIBUTOR" | "NONE";
interface Account {
  id: number;
  type: "User" | "Bot";
  association: Association;
  /** GitHub App id, for bot avatars. */
  app?: number;
}
interface LabelSpec {
  color: string;
  description: string;
  default?: boolean;
}
interface IssueTypeSpec {
  id: number;
  color: string;
  description: string;
}
type CloseReason = "completed" | "not_planned" | "duplicate";
type FieldId = "area" | "impact" | "symptom" | "started" | "steps" | "environment";

/** One entry of a scenario's timeline: when, by whom, and exactly one thing that happened. */
interface Step {
  at: string;
  by?: string;
  comment?: string;
  lineEndings?: "crlf";
  label?: string[];
  unlabel?: string[];
  assign?: string;
  unassign?: string;
  close?: CloseReason;
  mention?: string;
  /** `reopened`, `marked_as_duplicate`, or `edited` (the author edited the body; `body`/`answers` are the text after the edit). */
  event?: "reopened" | "marked_as_duplicate" | "edited";
}

interface Scenario {
  number: number;
  note: string;
  opened: string;
  by: string;
  title: string;
  type: string | null;
  form?: "en" | "zh";
  answers?: Partial<Record<FieldId, string>>;
  body?: string;
  lineEndings?: "crlf";
  thumbsUp?: number;
  timeline: Step[];
}

interface Scenarios {
  repository: { name: string; id: number; organizationId: number };
  now: string;
  window: { first: string; last: string };
  people: Record<string, Account>;
  labels: Record<string, LabelSpec>;
  issueTypes: Record<string, IssueTypeSpec>;
  scenarios: Scenario[];
}

const ACTIONS = ["comment", "label", "unlabel", "assign", "unassign", "close", "mention", "event"] as const;

/**
 * Parses the scenarios file and checks every name it uses; errors say `file:line:col`, what was
 * expected and what was found.
 */
function readScenarios(text: string, file: string): Scenarios {
  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const fail = (path: (string | number)[], message: string): never => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    throw new Error(`${file}:${line}:${col}: ${message}; fix ${file} and run \`npm run demo:snapshot\``);
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const { line, col } = lines.linePos(error.pos[0]);
    throw new Error(`${file}:${line}:${col}: expected YAML, found: ${error.message}`);
  }
  const data = doc.toJS() as Scenarios;
  for (const key of ["repository", "now", "window", "people", "labels", "issueTypes", "scenarios"] as const) {
    if (data?.[key] === undefined) fail([], `expected a top-level \`${key}\`, found none`);
  }
  if (!isSeq(doc.get("scenarios", true))) fail(["scenarios"], "expected `scenarios` to be a list");
  const person = (path: (string | number)[], login: unknown) => {
    if (typeof login !== "string" || !Object.hasOwn(data.people, login)) fail(path, `expected a login listed under \`people\`, found ${JSON.stringify(login)}`);
  };
  data.scenarios.forEach((s, i) => {
    const at = ["scenarios", i];
    if (!isMap(doc.getIn(at, true))) fail(at, "expected a scenario (a map), found something else");
    if (typeof s.note !== "string" || s.note.trim() === "") fail([...at, "number"], `expected a one-line \`note\` saying what #${s.number} shows, found none`);
    person([...at, "by"], s.by);
    if (s.type !== null && !Object.hasOwn(data.issueTypes, s.type)) fail([...at, "type"], `expected null or one of ${Object.keys(data.issueTypes).join(", ")}, found ${JSON.stringify(s.type)}`);
    if ((s.form === undefined) === (s.body === undefined)) fail(at, "expected exactly one of `form` (with `answers`) or `body`");
    if (!Array.isArray(s.timeline)) fail([...at, "timeline"], "expected `timeline` to be a list");
    s.timeline.forEach((step, j) => {
      const where = [...at, "timeline", j];
      const actions = ACTIONS.filter((a) => step[a] !== undefined);
      if (actions.length !== 1) fail(where, `expected exactly one of ${ACTIONS.join(", ")}, found ${actions.length === 0 ? "none" : actions.join(" and ")}`);
      if (step.event !== "edited" && step.mention === undefined) person([...where, "by"], step.by);
      for (const name of [...(step.label ?? []), ...(step.unlabel ?? [])]) {
        if (!Object.hasOwn(data.labels, name)) fail([...where, step.label ? "label" : "unlabel"], `expected a label listed under \`labels\`, found ${JSON.stringify(name)}`);
      }
      for (const who of [step.assign, step.unassign, step.mention]) if (who !== undefined) person(where, who);
    });
  });
  return data;
}

// ---------------------------------------------------------------------------------------------
// Issue forms, read from .github/ISSUE_TEMPLATE so that headings never drift from the forms
// ---------------------------------------------------------------------------------------------

interface FormItem {
  type: "markdown" | "dropdown" | "textarea" | "input" | "checkboxes";
  id?: string;
  attributes: { label?: string; options?: (string | { label: string })[] };
}

function loadForm(file: string): FormItem[] {
  const form = parse(readFileSync(new URL(`.github/ISSUE_TEMPLATE/${file}`, ROOT), "utf8")) as { body: FormItem[] };
  return form.body.filter((item) => item.type !== "markdown");
}

/** Render the body GitHub writes for a submitted issue form; unanswered fields read `_No response_`. */
function renderForm(lang: "en" | "zh", answers: Partial<Record<FieldId, string>>): string {
  const items = loadForm(`support-${lang}.yml`);
  const known = new Set(items.map((item) => item.id));
  for (const id of Object.keys(answers)) if (!known.has(id)) throw new Error(`form ${lang}: no field ${id}`);
  return items
    .map((item) => {
      const heading = `### ${item.attributes.label ?? ""}`;
      const options = item.attributes.options ?? [];
      if (item.type === "checkboxes") {
        return `${heading}\n\n${options.map((o) => `- [X] ${typeof o === "string" ? o : o.label}`).join("\n")}`;
      }
      const answer = answers[item.id as FieldId];
      if (item.type === "dropdown" && answer !== undefined && !options.includes(answer)) {
        throw new Error(`form ${lang}: "${answer}" is not an option of ${item.id}`);
      }
      return `${heading}\n\n${answer ?? "_No response_"}`;
    })
    .join("\n\n");
}

/** YAML block text has LF line endings; `lineEndings: crlf` gives text pasted from mail clients and Windows editors. */
const withEndings = (text: string, endings: "crlf" | undefined): string => (endings === "crlf" ? text.replaceAll("\n", "\r\n") : text);

// ---------------------------------------------------------------------------------------------
// REST shapes
// ---------------------------------------------------------------------------------------------

/** FNV-1a, for stable pseudo-random seconds and id offsets. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const TIME_RE = /^(\d\d)-(\d\d) (\d\d):(\d\d)(?::(\d\d))?$/;

/** "MM-DD HH:MM[:SS]" in UTC+8, March 2026 → epoch ms; without seconds, a stable pseudo-random second is used. */
function parseTime(text: string, salt: string): { ms: number; explicit: boolean } {
  const m = TIME_RE.exec(text);
  if (!m) throw new Error(`bad time ${text}: expected "MM-DD HH:MM" or "MM-DD HH:MM:SS" (UTC+8)`);
  const [, month, day, hour, minute, second] = m;
  const explicit = second !== undefined;
  const sec = explicit ? Number(second) : 3 + (hash(salt) % 55);
  return { ms: Date.UTC(2026, Number(month) - 1, Number(day), Number(hour) - 8, Number(minute), sec), explicit };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

/** MessagePack of non-negative integers: the payload of GitHub's newer global node ids. */
function msgpack(values: number[]): Buffer {
  const bytes: number[] = [0x90 + values.length];
  for (const v of values) {
    if (v < 0x80) bytes.push(v);
    else if (v <= 0xffffffff) bytes.push(0xce, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    else {
      const big = BigInt(v);
      bytes.push(0xcf);
      for (let shift = 56n; shift >= 0n; shift -= 8n) bytes.push(Number((big >> shift) & 0xffn));
    }
  }
  return Buffer.from(bytes);
}
const nodeId = (prefix: string, values: number[]): string => `${prefix}_${msgpack(values).toString("base64url")}`;

const EVENT_PREFIX: Record<string, string> = {
  labeled: "LE",
  unlabeled: "UNLE",
  assigned: "AE",
  unassigned: "UAE",
  closed: "CE",
  reopened: "REE",
  mentioned: "MEE",
  subscribed: "SE",
  marked_as_duplicate: "MADE",
};

/** Builds every issue of the scenarios in the shapes GitHub's REST API returns. */
function shapes(data: Scenarios) {
  const repoApi = `${API}/repos/${data.repository.name}`;
  const repoWeb = `${WEB}/${data.repository.name}`;
  const REPO_ID = data.repository.id;
  const FIRST_ISSUE = Date.parse(data.window.first);

  const userNodeId = (login: string): string => {
    const p = data.people[login]!;
    // Accounts from before 2021 keep the legacy base64("04:User<id>") ids.
    if (p.type === "Bot") return Buffer.from(`03:Bot${p.id}`).toString("base64");
    if (p.id < 80_000_000) return Buffer.from(`04:User${p.id}`).toString("base64");
    return nodeId("U", [0, p.id]);
  };

  const user = (login: string) => {
    const p = data.people[login]!;
    const path = `${API}/users/${encodeURIComponent(login)}`;
    return {
      login,
      id: p.id,
      node_id: userNodeId(login),
      avatar_url: p.app === undefined ? `https://avatars.githubusercontent.com/u/${p.id}?v=4` : `https://avatars.githubusercontent.com/in/${p.app}?v=4`,
      gravatar_id: "",
      url: path,
      html_url: p.type === "Bot" ? `${WEB}/apps/${login.replace("[bot]", "")}` : `${WEB}/${login}`,
      followers_url: `${path}/followers`,
      following_url: `${path}/following{/other_user}`,
      gists_url: `${path}/gists{/gist_id}`,
      starred_url: `${path}/starred{/owner}{/repo}`,
      subscriptions_url: `${path}/subscriptions`,
      organizations_url: `${path}/orgs`,
      repos_url: `${path}/repos`,
      events_url: `${path}/events{/privacy}`,
      received_events_url: `${path}/received_events`,
      type: p.type,
      user_view_type: "public",
      site_admin: false,
    };
  };

  const labelObject = (name: string) => {
    const { color, description } = data.labels[name]!;
    const id = 8_230_000_000 + (hash(name) % 9_000_000);
    return {
      id,
      node_id: nodeId("LA", [0, REPO_ID, id]),
      url: `${repoApi}/labels/${encodeURIComponent(name)}`,
      name,
      color,
      default: data.labels[name]!.default === true,
      description,
    };
  };

  const issueType = (name: string) => {
    const t = data.issueTypes[name]!;
    return {
      id: t.id,
      node_id: nodeId("IT", [0, data.repository.organizationId, t.id]),
      name,
      description: t.description,
      color: t.color,
      created_at: "2025-02-11T03:14:07Z",
      updated_at: "2025-02-11T03:14:07Z",
      is_enabled: true,
    };
  };

  const reactions = (url: string, thumbsUp = 0) => ({ url, total_count: thumbsUp, "+1": thumbsUp, "-1": 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 });

  const minutesSinceStart = (ms: number): number => Math.floor((ms - FIRST_ISSUE) / 60_000);
  const issueId = (ms: number, n: number): number => 3_951_200_000 + minutesSinceStart(ms) * 1_150 + (hash(`issue${n}`) % 1_000);
  const commentId = (ms: number, salt: string): number => 4_012_300_000 + Math.floor((ms - FIRST_ISSUE) / 1000) * 11 + (hash(salt) % 11);
  const eventId = (ms: number, salt: string): number => 22_384_000_000 + Math.floor((ms - FIRST_ISSUE) / 1000) * 60 + (hash(salt) % 60);

  return data.scenarios.map((s) => {
    const n = s.number;
    const issueUrl = `${repoApi}/issues/${n}`;
    const created = parseTime(s.opened, `${n}:created`).ms;
    const id = issueId(created, n);

    const labels = new Set<string>();
    const assignees: string[] = [];
    let state: "open" | "closed" = "open";
    let stateReason: CloseReason | "reopened" | null = null;
    let closedAt: number | null = null;
    let closedBy: string | null = null;
    let updated = created;
    let previous = created;
    const comments: Record<string, unknown>[] = [];
    const timeline: Record<string, unknown>[] = [];

    const event = (name: string, ms: number, actor: string, extra: Record<string, unknown> = {}) => {
      const eid = eventId(ms, `${n}:${timeline.length}:${name}`);
      timeline.push({
        id: eid,
        node_id: nodeId(EVENT_PREFIX[name] ?? "E", [0, REPO_ID, id, eid]),
        url: `${repoApi}/issues/events/${eid}`,
        actor: user(actor),
        event: name,
        commit_id: null,
        commit_url: null,
        created_at: iso(ms),
        ...extra,
        performed_via_github_app: null,
      });
    };

    for (const [index, step] of s.timeline.entries()) {
      const { ms: parsed, explicit } = parseTime(step.at, `${n}:${index}`);
      let ms = parsed;
      if (ms < previous) {
        if (explicit) throw new Error(`#${n}: step ${index} (${step.at}) is before the previous one`);
        ms = previous + 1000;
      }
      previous = ms;
      updated = Math.max(updated, ms);
      const by = step.by ?? "";
      if (step.comment !== undefined) {
        const cid = commentId(ms, `${n}:${index}`);
        const comment = {
          url: `${repoApi}/issues/comments/${cid}`,
          html_url: `${repoWeb}/issues/${n}#issuecomment-${cid}`,
          issue_url: issueUrl,
          id: cid,
          node_id: nodeId("IC", [0, REPO_ID, cid]),
          user: user(by),
          created_at: iso(ms),
          updated_at: iso(ms),
          author_association: data.people[by]!.association,
          body: withEndings(step.comment, step.lineEndings),
          reactions: reactions(`${repoApi}/issues/comments/${cid}/reactions`),
          performed_via_github_app: null,
        };
        comments.push(comment);
        timeline.push({ ...comment, event: "commented", actor: user(by) });
      } else if (step.label !== undefined || step.unlabel !== undefined) {
        const kind = step.label !== undefined ? "labeled" : "unlabeled";
        for (const name of step.label ?? step.unlabel ?? []) {
          if (kind === "labeled" ? labels.has(name) : !labels.has(name)) {
            throw new Error(`#${n}: ${kind} ${name} but the label is ${kind === "labeled" ? "already on" : "not on"}`);
          }
          if (kind === "labeled") labels.add(name);
          else labels.delete(name);
          event(kind, ms, by, { label: { name, color: data.labels[name]!.color } });
        }
      } else if (step.assign !== undefined || step.unassign !== undefined) {
        const kind = step.assign !== undefined ? "assigned" : "unassigned";
        const who = (step.assign ?? step.unassign)!;
        const at = assignees.indexOf(who);
        if (kind === "assigned" ? at >= 0 : at < 0) throw new Error(`#${n}: ${kind} ${who} twice`);
        if (kind === "assigned") assignees.push(who);
        else assignees.splice(at, 1);
        event(kind, ms, by, { assignee: user(who) });
      } else if (step.close !== undefined) {
        if (state === "closed") throw new Error(`#${n}: closed twice`);
        state = "closed";
        stateReason = step.close;
        closedAt = ms;
        closedBy = by;
        event("closed", ms, by, { state_reason: step.close });
      } else if (step.event === "reopened") {
        if (state === "open") throw new Error(`#${n}: reopened while open`);
        state = "open";
        stateReason = "reopened";
        closedAt = null;
        event("reopened", ms, by, { state_reason: null });
      } else if (step.event === "marked_as_duplicate") {
        event("marked_as_duplicate", ms, by);
      } else if (step.mention !== undefined) {
        // GitHub adds `mentioned` and `subscribed` events for someone who was @mentioned.
        event("mentioned", ms, step.mention);
        event("subscribed", ms, step.mention);
      }
    }

    const body = s.form !== undefined ? renderForm(s.form, s.answers ?? {}) : withEndings(s.body ?? "", s.lineEndings);
    const sortedLabels = [...labels].sort((a, b) => a.localeCompare(b)).map(labelObject);
    const issue = {
      url: issueUrl,
      repository_url: repoApi,
      labels_url: `${issueUrl}/labels{/name}`,
      comments_url: `${issueUrl}/comments`,
      events_url: `${issueUrl}/events`,
      html_url: `${repoWeb}/issues/${n}`,
      id,
      node_id: nodeId("I", [0, REPO_ID, id]),
      number: n,
      title: s.title,
      user: user(s.by),
      labels: sortedLabels,
      state,
      locked: false,
      assignee: assignees[0] === undefined ? null : user(assignees[0]),
      assignees: assignees.map(user),
      milestone: null,
      comments: comments.length,
      created_at: iso(created),
      updated_at: iso(updated),
      closed_at: closedAt === null ? null : iso(closedAt),
      author_association: data.people[s.by]!.association,
      type: s.type === null ? null : issueType(s.type),
      active_lock_reason: null,
      sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
      issue_dependencies_summary: { blocked_by: 0, total_blocked_by: 0, blocking: 0, total_blocking: 0 },
      body,
      closed_by: closedBy === null ? null : user(closedBy),
      reactions: reactions(`${issueUrl}/reactions`, s.thumbsUp),
      timeline_url: `${issueUrl}/timeline`,
      performed_via_github_app: null,
      state_reason: stateReason,
    };
    return { issue, comments, timeline };
  });
}

// ---------------------------------------------------------------------------------------------
// Consistency checks: the snapshot must be one that GitHub could have returned
// ---------------------------------------------------------------------------------------------

type Built = ReturnType<typeof shapes>[number];

function check(built: Built[], data: Scenarios): void {
  const NOW = Date.parse(data.now);
  const FIRST_ISSUE = Date.parse(data.window.first);
  const LAST_ISSUE = Date.parse(data.window.last);
  const first = data.scenarios[0]?.number ?? 0;
  const fail = (message: string): never => {
    throw new Error(`snapshot check failed: ${message}`);
  };
  const ids = new Set<string>();
  const unique = (kind: string, value: unknown) => {
    const key = `${kind}:${String(value)}`;
    if (ids.has(key)) fail(`duplicate ${kind} ${String(value)}`);
    ids.add(key);
  };
  const time = (where: string, value: unknown): number => {
    if (typeof value !== "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value)) return fail(`${where}: bad timestamp ${String(value)}`);
    const ms = Date.parse(value);
    if (Number.isNaN(ms) || ms > NOW) fail(`${where}: ${value} is not a past instant`);
    return ms;
  };
  let lastCreated = 0;
  built.forEach(({ issue, comments, timeline }, index) => {
    const where = `#${issue.number}`;
    if (issue.number !== first + index) fail(`${where}: numbers must run ${first}.. in order`);
    unique("issue", issue.id);
    unique("node", issue.node_id);
    const created = time(`${where}.created_at`, issue.created_at);
    if (created < FIRST_ISSUE || created > LAST_ISSUE) fail(`${where}: created outside the demo window`);
    if (created <= lastCreated) fail(`${where}: numbers must grow with creation time`);
    lastCreated = created;
    if (time(`${where}.updated_at`, issue.updated_at) < created) fail(`${where}: updated before created`);
    if (issue.comments !== comments.length) fail(`${where}: comment count`);
    for (const c of comments) {
      unique("comment", c["id"]);
      if (time(`${where} comment`, c["created_at"]) < created) fail(`${where}: comment before the issue`);
      time(`${where} comment`, c["updated_at"]);
    }
    let previous = created;
    const onNow = new Set<string>();
    let closedEvent: Record<string, unknown> | undefined;
    for (const e of timeline) {
      const at = time(`${where} ${String(e["event"])}`, e["created_at"]);
      if (at < previous) fail(`${where}: timeline out of order`);
      previous = at;
      unique(e["event"] === "commented" ? "comment-event" : "event", e["id"]);
      const name = (e["label"] as { name?: string } | undefined)?.name;
      if (e["event"] === "labeled" && name !== undefined) onNow.add(name);
      if (e["event"] === "unlabeled" && name !== undefined) onNow.delete(name);
      if (e["event"] === "closed") closedEvent = e;
      if (e["event"] === "reopened") closedEvent = undefined;
    }
    const current = issue.labels.map((l) => l.name);
    if (current.join() !== [...onNow].sort((a, b) => a.localeCompare(b)).join()) fail(`${where}: labels do not match the timeline`);
    const commented = timeline.filter((e) => e["event"] === "commented").map((e) => e["id"]);
    if (commented.join() !== comments.map((c) => c["id"]).join()) fail(`${where}: comments do not match the timeline`);
    if (issue.state === "closed") {
      if (!closedEvent || closedEvent["state_reason"] !== issue.state_reason || closedEvent["created_at"] !== issue.closed_at) {
        fail(`${where}: closed without a matching closed event`);
      }
    } else if (closedEvent || issue.closed_at !== null) fail(`${where}: open but the timeline ends closed`);
    const markers = issue.body.split(/\r?\n/).filter((line) => line.includes("<!-- issue-shepherd:"));
    if (markers.length > 0) fail(`${where}: the body carries a tool marker`);
  });
  const botComments = built.flatMap((b) => b.comments.filter((c) => (c["user"] as { login: string }).login === "shepherd-bot"));
  if (botComments.length !== 2) fail(`expected exactly 2 comments by shepherd-bot, found ${botComments.length}`);
}

/**
 * The text of `demo/snapshot.json` for the given scenarios file text (deterministic: the same
 * scenarios give the same bytes). Throws with `file:line:col` when the scenarios are malformed and
 * with the rule broken when the result could not have come from GitHub.
 */
export function buildDemoSnapshot(scenariosText: string, file = DEMO_SCENARIOS): { json: string; issues: number; comments: number } {
  const data = readScenarios(scenariosText, file);
  const built = shapes(data);
  check(built, data);
  const snapshot = { tracker: "github", repository: data.repository.name, issues: built };
  return { json: `${JSON.stringify(snapshot, null, 2)}\n`, issues: built.length, comments: built.reduce((sum, b) => sum + b.comments.length, 0) };
}
