/**
 * The exactly-once keys of channel notices. A notice sent through a channel is recorded in the
 * tool's hidden state under its key — per issue (the key lives on the issue), channel, clock,
 * cycle and level — so that no run plans it twice. Keys are hidden-key safe: letters, digits
 * and `- _ . /`.
 */

/** The start of every channel notice's key. */
export const NOTICE_PREFIX = "notify/";

/** Channel names as the rule file may write them: they become part of hidden keys. */
export const CHANNEL_NAME = /^[A-Za-z0-9][\w.-]*$/;

/** Is this hidden key a channel notice's (and not a comment's)? */
export const isNoticeKey = (key: string): boolean => key.startsWith(NOTICE_PREFIX);

/** `notify/oncall-pager/resolution/cycle-1/level-1`: an escalation level's notice on one channel. */
export const levelNoticeKey = (channel: string, clock: string, cycle: number, level: number): string =>
  `${NOTICE_PREFIX}${channel}/${clock}/cycle-${cycle}/level-${level}`;

/** `notify/support-room/update/cycle-1/update-2`: the reminder of one update period. */
export const reminderNoticeKey = (channel: string, clock: string, cycle: number, period: number): string =>
  `${NOTICE_PREFIX}${channel}/${clock}/cycle-${cycle}/update-${period}`;

/** `notify/support-room/rule/greet/cycle-1`: an own rule's notice, once per cycle. */
export const ruleNoticeKey = (channel: string, rule: string, cycle: number): string =>
  `${NOTICE_PREFIX}${channel}/rule/${rule.replace(/[^\w.-]+/g, "-")}/cycle-${cycle}`;

/** `notify/oncall-pager/resolve/cycle-1`: the one resolve of a cycle's incident. */
export const resolveNoticeKey = (channel: string, cycle: number): string => `${NOTICE_PREFIX}${channel}/resolve/cycle-${cycle}`;

/** The incident id of one issue and cycle: PagerDuty's `dedup_key`, a webhook's incident. */
export const dedupKeyOf = (issueId: string, cycle: number): string => `issue-shepherd/${issueId}/cycle-${cycle}`;

const TRIGGER = /^notify\/([^/]+)\/(?!resolve\/|rule\/)[^ ]*\/cycle-(\d+)\/(?:level|update)-\d+$/;

/**
 * The cycles in which a channel was sent a clock's notice (a trigger: escalation level or update
 * reminder), by channel, from the keys recorded on the issue.
 */
export function triggeredCycles(keys: Iterable<string>): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const key of keys) {
    const m = TRIGGER.exec(key);
    if (m === null) continue;
    const channel = m[1] as string;
    const cycles = out.get(channel) ?? new Set<number>();
    cycles.add(Number(m[2]));
    out.set(channel, cycles);
  }
  return out;
}
