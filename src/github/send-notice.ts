/**
 * A `notify` operation on GitHub: the notice goes out through the injected channel sender, once.
 * Right before sending, the issue's comments are read afresh: when one of the tool's own comments
 * already carries the notice's key (another run sent it), nothing is sent. After a successful
 * send the key is recorded by editing the tool's latest own comment to add it to the hidden
 * marker — an edit notifies nobody — or, on an issue where the tool has not written yet, in a
 * short comment of its own.
 */
import type { ChannelSender } from "../core/channels/channel.ts";
import { sendOnce } from "../core/channels/send-once.ts";
import type { Comment } from "../core/model.ts";
import type { OperationOf } from "../core/plan.ts";
import { commentKeys, renderMarker, withMarker, withoutMarker } from "../core/text/hidden-key.ts";
import { toCoreIssueFromRest } from "./to-core-issue.ts";
import type { WriteTarget } from "./write-target.ts";

/** Every comment of the issue, raw (for the marker) and converted (for identity and keys), in id order. */
async function allComments(t: WriteTarget): Promise<{ raw: Map<string, string>; comments: readonly Comment[] }> {
  const [rest, selfLogin] = await Promise.all([
    t.octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: t.owner, repo: t.repo, issue_number: t.issue_number, per_page: 100 }),
    t.selfLogin(),
  ]);
  const raw = new Map(rest.map((c) => [String(c.id), c.body ?? ""]));
  const comments = toCoreIssueFromRest(`${t.owner}/${t.repo}`, { number: t.issue_number }, rest, [], { botLogins: t.botLogins, selfLogin }).comments;
  return { raw, comments: [...comments].sort((a, b) => Number(a.id) - Number(b.id)) };
}

/** Send the notice unless a run already did; then record its key. True when it had been sent already. */
export const sendNotice = (t: WriteTarget, op: OperationOf<"notify">, sender: ChannelSender | undefined): Promise<boolean> =>
  sendOnce(op, sender, { comments: async () => (await allComments(t)).comments, record: (key) => recordKey(t, key, op) });

/** Add the key to the hidden marker of the tool's latest own comment (read afresh), or post one. */
async function recordKey(t: WriteTarget, key: string, op: OperationOf<"notify">): Promise<void> {
  const { raw, comments } = await allComments(t);
  const latest = comments.filter((c) => c.author.self === true && commentKeys(c).length > 0).at(-1);
  const body = latest === undefined ? undefined : raw.get(latest.id);
  if (latest !== undefined && body !== undefined) {
    const keys = [...new Set([...commentKeys(latest), key])];
    await t.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      owner: t.owner,
      repo: t.repo,
      comment_id: Number(latest.id),
      body: `${withoutMarker(body)}\n\n${renderMarker(keys)}`,
    });
    return;
  }
  await t.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issue_number,
    body: withMarker(`→ ${op.channel}: ${op.message.title}`, key),
    request: { retries: 0 },
  });
}
