/**
 * A `notify` operation on Jira: the notice goes out through the injected channel sender, once.
 * Right before sending, the issue's comments are read afresh (with their properties): when one of
 * the tool's own comments already carries the notice's key (another run sent it), nothing is sent.
 * After a successful send the key is recorded among the keys of the tool's latest own comment — its
 * comment property and the issue-property ledger, edited without notifying anyone — or, where the
 * tool has not written yet, on a short comment of its own.
 */
import type { ChannelSender } from "../core/channels/channel.ts";
import type { Comment } from "../core/model.ts";
import type { OperationOf } from "../core/plan.ts";
import { commentKeys } from "../core/text/hidden-key.ts";
import { TrackerError } from "../core/tracker.ts";
import { sendOnce } from "../core/channels/send-once.ts";
import { toAdfWithMentions } from "./adf-from-text.ts";
import type { ApplyTarget } from "./apply-target.ts";
import { PROPERTY_KEY, propertyValue, withEntry } from "./ledger.ts";
import { toCoreIssueFromJira, type JiraComment } from "./to-core-issue.ts";

const PAGE = 100;
const MAX_PAGES = 50;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every comment of the issue, raw (for its body) and converted (identity, keys), oldest first. */
async function allComments(target: ApplyTarget): Promise<{ raw: Map<string, JiraComment>; comments: readonly Comment[] }> {
  const list: JiraComment[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: unknown = await target.jira.issueComments.getComments({ issueIdOrKey: target.key, startAt: page * PAGE, maxResults: PAGE, orderBy: "created", expand: "properties" });
    const values = isRecord(answer) && Array.isArray(answer.comments) ? (answer.comments as JiraComment[]) : [];
    list.push(...values);
    const total = isRecord(answer) && typeof answer.total === "number" ? answer.total : undefined;
    if (values.length < PAGE || (total !== undefined && list.length >= total)) break;
  }
  const selfAccountId = await target.selfAccountId();
  const issue = toCoreIssueFromJira({ key: target.key, fields: { comment: { comments: list } }, properties: { [PROPERTY_KEY]: target.ledger } }, { botAccountIds: [], selfAccountId });
  return { raw: new Map(list.map((c) => [String(c.id), c])), comments: [...issue.comments].sort((a, b) => Number(a.id) - Number(b.id)) };
}

/** Send the notice unless a run already did; then record its key. True when it had been sent already. */
export const sendNotice = (target: ApplyTarget, op: OperationOf<"notify">, sender: ChannelSender | undefined): Promise<boolean> =>
  sendOnce(op, sender, { comments: async () => (await allComments(target)).comments, record: (key) => recordKey(target, key, op) });

async function recordKey(target: ApplyTarget, key: string, op: OperationOf<"notify">): Promise<void> {
  const { raw, comments } = await allComments(target);
  const latest = comments.filter((c) => c.author.self === true && commentKeys(c).length > 0).at(-1);
  const body = latest === undefined ? undefined : raw.get(latest.id)?.body;
  let id: string;
  let keys: string[];
  if (latest !== undefined && isRecord(body)) {
    id = latest.id;
    keys = [...new Set([...commentKeys(latest), key])];
    await target.jira.issueComments.updateComment({
      issueIdOrKey: target.key,
      id,
      notifyUsers: false,
      body: { body: body as { type: "doc"; version: number; content: Record<string, unknown>[] }, properties: [{ key: PROPERTY_KEY, value: propertyValue(keys) }] },
    });
  } else {
    keys = [key];
    const created: unknown = await target.jira.issueComments.addComment({
      issueIdOrKey: target.key,
      body: toAdfWithMentions(`→ ${op.channel}: ${op.message.title}`, []) as unknown as { type: "doc"; version: number; content: Record<string, unknown>[] },
      properties: [{ key: PROPERTY_KEY, value: propertyValue(keys) }],
    });
    const rawId = isRecord(created) ? created.id : undefined;
    if (typeof rawId !== "string" && typeof rawId !== "number") throw new TrackerError("invalid", "Jira created the comment but its answer has no comment id");
    id = String(rawId);
    target.commentIds.add(id);
  }
  const ledger = withEntry(target.ledger, id, keys, target.commentIds);
  await target.jira.issueProperties.setIssueProperty({ issueIdOrKey: target.key, propertyKey: PROPERTY_KEY, body: ledger });
  target.ledger = ledger;
}
