/**
 * `GET /search/issues` of the in-memory GitHub, with GitHub's semantics for what the tool asks:
 * the qualifiers `repo:`, `is:issue` / `is:pr`, `is:open` / `is:closed`, `state:`, `reason:`
 * (`completed`, `"not planned"`, `duplicate`), and text — words and quoted phrases, joined by
 * AND (a space) or OR, in parentheses — matched case-insensitively in the title, the body and
 * the comments. As GitHub does, a query with more than five AND, OR or NOT operators, or a
 * qualifier this search does not know, is refused with 422. Results are the best match first
 * (how many of the terms an issue holds, a title match counting double), then the newest.
 */
import type { InMemoryGitHubState, InMemoryRepo } from "./in-memory-state.ts";
import { commentsOf, type GithubSnapshotEntry } from "./snapshot-entry.ts";

/** GitHub's limit on boolean operators in one search query. */
const MAX_OPERATORS = 5;

type TextNode = { kind: "term"; text: string } | { kind: "and" | "or"; parts: TextNode[] };

interface Parsed {
  repos: string[];
  filters: ((entry: GithubSnapshotEntry) => boolean)[];
  text: TextNode | undefined;
  operators: number;
}

export interface SearchAnswer {
  status: number;
  body: unknown;
}

const refused = (message: string): SearchAnswer => ({
  status: 422,
  body: { message: "Validation Failed", errors: [{ resource: "Search", field: "q", code: "invalid", message }], documentation_url: "https://docs.github.com/rest/search/search#search-issues-and-pull-requests" },
});

/** The query's tokens: `(`, `)`, quoted phrases, qualifiers (`key:value`, the value may be quoted) and words. */
function tokensOf(q: string): { text: string; quoted: boolean }[] {
  const out: { text: string; quoted: boolean }[] = [];
  const pattern = /\s*(?:(\()|(\))|"([^"]*)"?|([^\s()"]+:"[^"]*"?)|([^\s()"]+))/gy;
  for (const match of q.matchAll(pattern)) {
    const [, open, close, phrase, qualifier, word] = match;
    if (open !== undefined || close !== undefined) out.push({ text: open ?? close ?? "", quoted: false });
    else if (phrase !== undefined) out.push({ text: phrase, quoted: true });
    else if (qualifier !== undefined) out.push({ text: qualifier.replace(/"/g, ""), quoted: false });
    else if (word !== undefined) out.push({ text: word, quoted: false });
  }
  return out;
}

const stateReason = (entry: GithubSnapshotEntry): string => {
  const reason = entry.issue.state_reason;
  return typeof reason === "string" ? reason : entry.issue.state === "closed" ? "completed" : "";
};

/** One qualifier as a filter; a string when GitHub would refuse it. */
function qualifier(key: string, value: string, parsed: Parsed): string | undefined {
  const v = value.toLowerCase();
  const closed = (e: GithubSnapshotEntry) => e.issue.state === "closed";
  const pr = (e: GithubSnapshotEntry) => e.issue.pull_request !== undefined && e.issue.pull_request !== null;
  switch (`${key.toLowerCase()}:${key.toLowerCase() === "repo" ? "" : v}`) {
    case "repo:":
      parsed.repos.push(v);
      return undefined;
    case "is:issue":
      parsed.filters.push((e) => !pr(e));
      return undefined;
    case "is:pr":
    case "is:pull-request":
      parsed.filters.push(pr);
      return undefined;
    case "is:open":
    case "state:open":
      parsed.filters.push((e) => !closed(e));
      return undefined;
    case "is:closed":
    case "state:closed":
      parsed.filters.push(closed);
      return undefined;
    case "reason:completed":
    case "reason:not planned":
    case "reason:not_planned":
    case "reason:duplicate": {
      const wanted = v.replace(" ", "_");
      parsed.filters.push((e) => closed(e) && stateReason(e) === wanted);
      return undefined;
    }
    default:
      return `the qualifier ${key}:${value} is not supported here`;
  }
}

/** Parse `q`; a string is why GitHub would refuse it. */
function parse(q: string): Parsed | string {
  const tokens = tokensOf(q);
  const parsed: Parsed = { repos: [], filters: [], text: undefined, operators: 0 };
  let at = 0;
  const group = (): TextNode | string | undefined => {
    const ors: TextNode[] = [];
    let ands: TextNode[] = [];
    while (at < tokens.length) {
      const token = tokens[at] as { text: string; quoted: boolean };
      if (!token.quoted && token.text === ")") break;
      at++;
      if (!token.quoted && token.text === "(") {
        const inner = group();
        if (typeof inner === "string") return inner;
        if (tokens[at]?.text !== ")") return "a parenthesis is not closed";
        at++;
        if (inner !== undefined) ands.push(inner);
      } else if (!token.quoted && token.text === "OR") {
        parsed.operators++;
        if (ands.length > 0) ors.push(ands.length === 1 ? (ands[0] as TextNode) : { kind: "and", parts: ands });
        ands = [];
      } else if (!token.quoted && (token.text === "AND" || token.text === "NOT")) {
        parsed.operators++;
        if (token.text === "NOT") return "NOT is not supported here";
      } else if (!token.quoted && /^[a-z-]+:./i.test(token.text)) {
        const colon = token.text.indexOf(":");
        const problem = qualifier(token.text.slice(0, colon), token.text.slice(colon + 1), parsed);
        if (problem !== undefined) return problem;
      } else if (token.text.trim() !== "") {
        ands.push({ kind: "term", text: token.text.toLowerCase() });
      }
    }
    if (ands.length > 0) ors.push(ands.length === 1 ? (ands[0] as TextNode) : { kind: "and", parts: ands });
    if (ors.length === 0) return undefined;
    return ors.length === 1 ? ors[0] : { kind: "or", parts: ors };
  };
  const text = group();
  if (typeof text === "string") return text;
  if (at < tokens.length) return "a parenthesis closes nothing";
  if (parsed.operators > MAX_OPERATORS) return `more than ${MAX_OPERATORS} AND, OR or NOT operators`;
  parsed.text = text;
  return parsed;
}

/** Does `text` hold the term: a word (or phrase) on word boundaries for Latin text, anywhere for Chinese. */
function holds(text: string, term: string): boolean {
  if (/\p{Script=Han}/u.test(term)) return text.includes(term);
  let from = text.indexOf(term);
  while (from >= 0) {
    const before = text.charAt(from - 1);
    const after = text.charAt(from + term.length);
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
    from = text.indexOf(term, from + 1);
  }
  return false;
}

/** The issue's score for the text part: 0 when it does not match. */
function score(node: TextNode, title: string, all: string): number {
  switch (node.kind) {
    case "term":
      return holds(title, node.text) ? 2 : holds(all, node.text) ? 1 : 0;
    case "and": {
      const scores = node.parts.map((part) => score(part, title, all));
      return scores.every((s) => s > 0) ? scores.reduce((a, b) => a + b, 0) : 0;
    }
    case "or":
      return node.parts.map((part) => score(part, title, all)).reduce((a, b) => a + b, 0);
  }
}

/** Answer `GET /search/issues`; `toItem` renders an issue as REST does. */
export function searchIssues(state: InMemoryGitHubState, url: URL, toItem: (repo: InMemoryRepo, entry: GithubSnapshotEntry) => unknown): SearchAnswer {
  const q = url.searchParams.get("q");
  if (q === null || q.trim() === "") return refused("the query q is missing");
  const parsed = parse(q);
  if (typeof parsed === "string") return refused(parsed);
  const repos = parsed.repos.length === 0 ? [...state.repos.values()] : parsed.repos.flatMap((name) => state.repos.get(name) ?? []);
  const found: { repo: InMemoryRepo; entry: GithubSnapshotEntry; score: number; number: number }[] = [];
  for (const repo of repos) {
    for (const key of repo.store.keys()) {
      const entry = repo.store.get(key);
      if (entry === undefined || !parsed.filters.every((filter) => filter(entry))) continue;
      let points = 1;
      if (parsed.text !== undefined) {
        const title = String(entry.issue.title ?? "").toLowerCase();
        const all = [title, String(entry.issue.body ?? ""), ...commentsOf(entry).map((c) => String(c.body ?? ""))].join("\n").toLowerCase();
        points = score(parsed.text, title, all);
      }
      if (points > 0) found.push({ repo, entry, score: points, number: Number(entry.issue.number ?? key) });
    }
  }
  found.sort((a, b) => b.score - a.score || b.number - a.number);
  const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30) || 30, 100);
  const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
  const items = found.slice((page - 1) * perPage, page * perPage).map((f) => ({ ...(toItem(f.repo, f.entry) as object), score: f.score }));
  return { status: 200, body: { total_count: found.length, incomplete_results: false, items } };
}
