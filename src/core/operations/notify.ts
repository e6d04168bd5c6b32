/**
 * `notify`: one notice through a channel of the rule file (a chat room, a pager, e-mail, a signed
 * webhook). Not a tracker write: adapters send it after the tracker writes, through the channel
 * sender they were given, and record its key in the tool's hidden state once sent.
 */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";

const EVENTS = ["trigger", "resolve", "info"] as const;
const KINDS = ["slack", "teams", "dingtalk", "wecom", "pagerduty", "email", "webhook"] as const;

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
};
