/**
 * A closure field's words for a case. The checklist accepts a ticked item ("- [x] Root cause:
 * DNS record expired") as an answer without keeping its text; a case needs the words, so the
 * ticked item is found again where the checklist looks (the body, then people's public comments,
 * latest first) and what follows the item's name is kept.
 */
import { isBot, type Facts } from "../engine/facts.ts";
import { parseTask } from "../text/parse-lines.ts";
import { normaliseHeading, tickedMatches } from "../text/parse-sections.ts";
import { stripHtmlComments } from "../text/scan.ts";

const TICKED = "(ticked)";
/** Between an item's name and its text: `Root cause: …`, `根本原因：…`, `Root cause — …`. */
const SEPARATOR = /^[\s:：\-–—]+/u;

/** The text after the checklist name the item starts with, or the whole item when nothing follows. */
function itemText(item: string, names: readonly string[]): string {
  const lower = item.toLowerCase();
  // The longest name first: "Verified by reporter" before "Verified".
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    if (lower.startsWith(name.toLowerCase())) {
      const rest = item.slice(name.length).replace(SEPARATOR, "").trim();
      if (rest !== "") return rest;
    }
  }
  return item.trim();
}

function tickedIn(text: string, names: readonly string[]): string | undefined {
  for (const raw of text.split("\n")) {
    const task = parseTask(raw.replace(/\r$/, ""));
    if (task === undefined || task[0] === " ") continue;
    if (tickedMatches([normaliseHeading(task[1])], names)) return itemText(task[1], names);
  }
  return undefined;
}

/** The field's answer as a case keeps it: its text, a ticked item's own words; undefined when unanswered. */
export function caseAnswer(facts: Facts, name: string): string | undefined {
  const answer = facts.answer(name);
  if (answer === undefined) return undefined;
  if (answer !== TICKED) return stripHtmlComments(answer).trim();
  const names = facts.rules.fields.get(name)?.checklist ?? [];
  const { issue, rules } = facts;
  const found = tickedIn(issue.body, names);
  if (found !== undefined) return found;
  for (let i = issue.comments.length - 1; i >= 0; i--) {
    const c = issue.comments[i];
    if (c === undefined || c.key !== undefined || !c.public || isBot(rules, c.author)) continue;
    const text = tickedIn(c.body, names);
    if (text !== undefined) return text;
  }
  return answer;
}

/** Does the text say nothing beyond the field's own name or title ("Root cause", "根本原因")? "Verified by reporter" says who. */
export function onlyNames(text: string, facts: Facts, name: string): boolean {
  const field = facts.rules.fields.get(name);
  const said = normaliseHeading(text);
  const names = [name, ...(field ? [field.title.en, field.title.zh] : [])];
  return said === TICKED || names.some((n) => normaliseHeading(n) === said);
}
