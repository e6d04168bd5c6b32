/**
 * `notify`: one notice through a channel of the rule file (a chat room, a pager, e-mail, a signed
 * webhook). Not a tracker write: it is applied `after: "writes"` (see `applyOrder`), sent through
 * the channel sender the adapter was given, and its key is recorded in the tool's hidden state
 * once sent.
 */
import { z } from "zod";
import { ruleNotice } from "../channels/clock-notices.ts";
import { ruleNoticeKey } from "../channels/notice-keys.ts";
import { planNotices } from "../channels/plan-notify.ts";
import { StringList } from "../rules/name-schemas.ts";
import type { OperationModule } from "./operation-module.ts";
import { type Action, ruleAction } from "./rule-action.ts";

const EVENTS = ["trigger", "resolve", "info"] as const;
const KINDS = ["slack", "teams", "dingtalk", "wecom", "pagerduty", "email", "webhook"] as const;

/** `notify:`, compiled: the channels named, each declared under `channels:`. */
interface NotifyAction extends Action {
  kind: "notify";
  channels: string[];
}

/** `notify:` — tell channels about the issue, once per channel and cycle. */
const notifyAction = ruleAction({
  key: "notify",
  schema: StringList,
  description: "Tell channel(s) declared under channels about the issue (a link, its priority and title), once per channel and resolution cycle; a pager gets an info event, which pages no one.",
  compile: (value, { path, check }): NotifyAction => ({ kind: "notify", channels: check.checkChannels(value, path) }),
  plan: (action, { facts, plan, rule, reason, cycle: cycleOf }) => {
    const cycle = cycleOf();
    planNotices(facts, plan, action.channels, (channel) => ruleNoticeKey(channel, rule, cycle), ruleNotice(facts, rule, cycle), { rule, reason });
  },
});

export const notify: OperationModule<"notify"> = {
  kind: "notify",
  fields: {
    channel: z.string().meta({ description: "The channel's name under channels." }),
    via: z
      .looseObject({ name: z.string().optional(), kind: z.enum(KINDS).optional() })
      .meta({ description: "The channel's settings (its kind; secrets only as environment variable names)." }),
    message: z
      .strictObject({
        channel: z.string().optional(),
        key: z.string().optional().meta({ description: "The notice's exactly-once key." }),
        event: z.enum(EVENTS).optional().meta({ description: "trigger, resolve or info." }),
        dedupKey: z.string().optional().meta({ description: "The incident of the issue and cycle (PagerDuty's dedup_key)." }),
        severity: z.enum(["critical", "error", "warning", "info"]).optional(),
        title: z.string().optional(),
        text: z.string().optional(),
        url: z.string().optional(),
        issue: z.string().optional(),
        priority: z.string().optional(),
        clock: z.string().optional(),
        target: z.string().optional(),
        overrunMinutes: z.number().optional(),
        level: z.number().optional(),
      })
      .meta({ description: "What the notice says (any of its fields)." }),
  },
  describe: (op) => `→ notify ${op.channel}: ${op.message.title}`,
  markdown: (op) => `notify \`${op.channel}\`: ${op.message.title}`,
  brief: (op) => `notify ${op.channel} (${op.message.key})`,
  summaryName: "channel notices",
  actions: [notifyAction],
  after: "writes",
};
