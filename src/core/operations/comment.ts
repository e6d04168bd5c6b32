/** `comment`: a new comment carrying hidden keys, one notice or a digest of several. */
import { operationKeys } from "../engine/digest.ts";
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";

const mentions = (ids: readonly string[]): string => (ids.length > 0 ? ` cc ${ids.map((m) => `@${m}`).join(" ")}` : "");

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
};
