/**
 * Planning channel notices: one `notify` operation per channel and notice, never twice — a
 * notice whose key the tool's hidden state already holds (recorded after a successful send) is
 * not planned again, nor one already planned in this run. A channel limited to a calendar (quiet
 * hours) is sent to only in the calendar's working time: outside it, the notice waits for a run
 * that falls inside. Channels that open incidents (a pager, a webhook) get one `resolve` per
 * cycle once the breach that triggered them clears or the issue is closed.
 */
import type { RecordedKeys } from "../engine/evaluation-memo.ts";
import type { Facts } from "../engine/facts.ts";
import type { PlanWriter } from "../engine/plan-writer.ts";
import type { OperationOf } from "../plan.ts";
import { commentKeys } from "../text/hidden-key.ts";
import type { Channel, ChannelMessage } from "./channel.ts";
import { dedupKeyOf, resolveNoticeKey, triggeredCycles } from "./notice-keys.ts";

/** What a notice says, beside its channel and key; the severity and dedup key are derived. */
export type NoticeContent = Omit<ChannelMessage, "channel" | "key" | "dedupKey" | "severity" | "url" | "issue" | "priority"> & {
  /** The resolution cycle: one incident per issue and cycle. */
  cycle: number;
};

/** Kinds that open an incident a `resolve` closes. */
const INCIDENT_KINDS: ReadonlySet<Channel["kind"]> = new Set(["pagerduty", "webhook"]);

const NO_RECORDED: ReadonlySet<string> = new Set<string>();

/** Resolves, reminders and every level's notices ask in turn: read once per evaluation and issue. */
function recordedEntry(facts: Facts): RecordedKeys {
  const cached = facts.memo.recorded;
  if (cached !== undefined && cached.issue === facts.issue) return cached;
  let keys: Set<string> | undefined;
  for (const comment of facts.issue.comments) {
    if (comment.author.self !== true) continue;
    for (const key of commentKeys(comment)) (keys ??= new Set<string>()).add(key);
  }
  const entry: RecordedKeys = { issue: facts.issue, keys: keys ?? NO_RECORDED };
  facts.memo.recorded = entry;
  return entry;
}

/** Every hidden key of the tool's own comments (trusted keys only reach the core), read once per evaluation. */
export function recordedKeys(facts: Facts): ReadonlySet<string> {
  return recordedEntry(facts).keys;
}

/** Is the channel open now: no calendar (24×7), or its calendar's working time? */
export function channelOpen(channel: Channel, facts: Facts): boolean {
  if (channel.calendar === undefined) return true;
  const calendar = facts.rules.calendars.get(channel.calendar);
  return calendar === undefined || calendar.isOpen(facts.now);
}

const severityOf = (facts: Facts, event: ChannelMessage["event"]): ChannelMessage["severity"] => {
  if (event !== "trigger") return "info";
  const rank = facts.rules.priority.byName.get(facts.priority)?.rank ?? 0;
  return rank === 0 ? "critical" : rank === 1 ? "error" : "warning";
};

/**
 * Plan one notice to each named channel under `keyOf(channel)`, unless recorded, already planned,
 * or the channel is in its quiet hours (a trace note says it waits). Unknown names are left out:
 * the rule file's compiler refuses them. `content` and `origin.reason` may be given as functions:
 * they are then built only when a notice is planned, once for all its channels.
 */
export function planNotices(
  facts: Facts,
  plan: Pick<PlanWriter, "push" | "noticeKeys">,
  channels: readonly string[],
  keyOf: (channel: string) => string,
  content: NoticeContent | (() => NoticeContent),
  origin: { rule: string; reason: string | (() => string) },
): void {
  if (channels.length === 0) return;
  const recorded = recordedKeys(facts);
  // The `notify` operations planned so far in this run, by key (a run plans each key once).
  const done = plan.noticeKeys;
  // Built only once a notice is planned, and once for all its channels.
  let said: NoticeContent | undefined;
  let reason: string | undefined;
  // What every channel's message of this notice says alike, worked out with the first.
  let dedupKey: string | undefined;
  for (const name of channels) {
    const channel = facts.rules.channels.get(name);
    // A channel kept for other priorities is passed over before its key is built.
    if (channel === undefined || (channel.priorities !== undefined && !channel.priorities.includes(facts.priority))) continue;
    const key = keyOf(name);
    // Most issues have nothing recorded and nothing planned yet: no key is hashed for them.
    if ((recorded.size > 0 && recorded.has(key)) || (done.length > 0 && done.includes(key))) continue;
    if (!channelOpen(channel, facts)) {
      facts.trace.push({ rule: origin.rule, fired: false, notes: [`${name}: outside the hours of calendar ${channel.calendar ?? ""}; the notice waits`] });
      continue;
    }
    done.push(key);
    said ??= typeof content === "function" ? content() : content;
    reason ??= typeof origin.reason === "function" ? origin.reason() : origin.reason;
    dedupKey ??= dedupKeyOf(facts.issue.id, said.cycle);
    plan.push(notifyOperation(facts, channel, key, said, dedupKey, origin.rule, reason));
  }
}

function notifyOperation(facts: Facts, channel: Channel, key: string, content: NoticeContent, dedupKey: string, rule: string, reason: string): OperationOf<"notify"> {
  // The content's fields but its cycle, copied one by one (an object rest and spread per
  // channel showed in the evaluation profile), in the order the content builders write them.
  const message = { event: content.event, title: content.title, text: content.text } as ChannelMessage;
  if ("clock" in content) message.clock = content.clock;
  if ("target" in content) message.target = content.target;
  if ("overrunMinutes" in content) message.overrunMinutes = content.overrunMinutes;
  if ("level" in content) message.level = content.level;
  message.channel = channel.name;
  message.key = key;
  message.dedupKey = dedupKey;
  message.severity = severityOf(facts, content.event);
  message.url = facts.issue.url ?? "";
  message.issue = facts.issue.id;
  message.priority = facts.priority;
  return { kind: "notify", channel: channel.name, via: channel, message, rule, reason };
}

/**
 * One `resolve` per incident channel and cycle whose trigger is recorded, once `cleared(cycle)`
 * says its breach is over (or the issue is closed, or a later cycle began).
 */
export function planResolves(
  facts: Facts,
  plan: Pick<PlanWriter, "push" | "noticeKeys">,
  cleared: (cycle: number) => boolean,
  describe: (cycle: number) => Pick<NoticeContent, "title" | "text">,
): void {
  if (facts.rules.channels.size === 0) return;
  const entry = recordedEntry(facts);
  if (entry.keys.size === 0) return;
  entry.triggered ??= triggeredCycles(entry.keys);
  for (const [name, cycles] of entry.triggered) {
    const channel = facts.rules.channels.get(name);
    if (channel === undefined || !INCIDENT_KINDS.has(channel.kind)) continue;
    for (const cycle of [...cycles].sort((a, b) => a - b)) {
      if (!cleared(cycle)) continue;
      planNotices(facts, plan, [name], (channel) => resolveNoticeKey(channel, cycle), { event: "resolve", cycle, ...describe(cycle) }, {
        rule: "escalation",
        reason: `the breach of cycle ${cycle} is over: resolve its incident`,
      });
    }
  }
}
