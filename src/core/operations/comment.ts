/** `comment`: a new comment carrying hidden keys, one notice or a digest of several. */
import { z } from "zod";
import { operationKeys } from "../engine/digest.ts";
import type { Operation, OperationOf } from "../plan.ts";
import type { OperationModule } from "./operation-module.ts";
import { isOperationOf } from "./operations-of.ts";
import { StringList } from "../rules/name-schemas.ts";
import { fill } from "../text/messages.ts";
import { type Action, ruleAction } from "./rule-action.ts";

const mentions = (ids: readonly string[]): string => (ids.length > 0 ? ` cc ${ids.map((m) => `@${m}`).join(" ")}` : "");

/** `comment:`, compiled: the text, under its hidden key. */
interface CommentAction extends Action {
  kind: "comment";
  text: string;
  key: string;
  sticky: boolean;
}

/** `mention:`, compiled: the groups and people, and the key of their comment. */
interface MentionAction extends Action {
  kind: "mention";
  targets: string[];
  key: string;
}

/** `comment:` — write one comment, once, under a hidden key (the rule's name unless given). */
const commentAction = ruleAction({
  key: "comment",
  schema: z
    .union([
      z.string(),
      z.strictObject({
        text: z.string().meta({ description: "Comment text (Markdown); {title}, {priority}, {author} are filled in." }),
        key: z
          .string()
          .regex(/^[\w./-]+$/, {
            message: "expected a comment key of letters, digits and - _ . / (it is hidden in the comment and read back)",
          })
          .optional()
          .meta({ description: "Hidden key (letters, digits, - _ . /); one comment per key (default: the rule name)." }),
        sticky: z.boolean().optional().meta({ description: "Edit the comment in place when the text changes." }),
      }),
    ]),
  description: "Write one comment, once (keyed).",
  compile: (value, { rule }): CommentAction => {
    const c = typeof value === "string" ? { text: value } : value;
    return { kind: "comment", text: c.text, key: `rule/${c.key ?? rule}`, sticky: "sticky" in c ? (c.sticky ?? false) : false };
  },
  plan: (action, { plan, rule, reason, vars }) => {
    const body = fill(action.text, vars);
    if (action.sticky) plan.sticky(action.key, body, [], rule, reason);
    else plan.commentOnce(action.key, body, [], rule, reason);
  },
});

/** `mention:` — notify groups or people, in a keyed comment of their own. */
const mention = ruleAction({
  key: "mention",
  schema: StringList,
  description: 'Mention groups or people (in a keyed comment): a bare name is a declared group, or a person a group lists; anyone else is "@login" (quoted).',
  compile: (value, { rule, path, check }): MentionAction => ({ kind: "mention", targets: check.checkTargets(value, path), key: `rule/${rule}/mention` }),
  plan: (action, { plan, rule, reason, vars, people: resolve }) => {
    const people = resolve(action.targets);
    if (people.length > 0) plan.commentOnce(action.key, fill(`{title}`, vars), people, rule, reason);
  },
});

export const comment: OperationModule<"comment"> = {
  kind: "comment",
  fields: {
    key: z.string().meta({ description: "A hidden key the comment carries (one notice of a digest matches on its own)." }),
    keys: z.array(z.string()).meta({ description: "Every hidden key of the comment, in any order: the whole digest." }),
    body: z.string(),
    mentions: z.array(z.string()),
    parts: undefined,
  },
  describe: (op) => `+ comment [${operationKeys(op).join(" ")}]${mentions(op.mentions)}`,
  markdown: (op) => `comment ${operationKeys(op).map((key) => `\`${key}\``).join(" ")}`,
  brief: (op) => `comment ${operationKeys(op).join(" ")}`,
  summaryName: "new comment",
  notices: {
    edited: false,
    keys: operationKeys,
    text: (op, key) => op.parts?.find((p) => p.key === key)?.body ?? op.body,
  },
  actions: [commentAction, mention],
};

/**
 * The notices a digest comment stands for, each as a comment of its own (its key, text and
 * people); undefined for any operation that is not a digest. A rule test's `key: X` names one of
 * these, never the digest that starts with X.
 */
export const digestNotices = (op: Operation): OperationOf<"comment">[] | undefined =>
  isOperationOf(op, "comment") && op.parts !== undefined ? op.parts.map(({ sticky: _sticky, ...part }) => ({ kind: "comment", ...part })) : undefined;
