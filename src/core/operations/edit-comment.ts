/** `edit-comment`: the new text of one of the tool's own comments (a state comment kept in place). */
import { z } from "zod";
import { operationKeys } from "../engine/digest.ts";
import type { OperationModule } from "./operation-module.ts";

export const editComment: OperationModule<"edit-comment"> = {
  kind: "edit-comment",
  fields: {
    key: z.string().meta({ description: "A hidden key the comment carries." }),
    keys: z.array(z.string()).meta({ description: "Every hidden key of the comment, in any order: the whole digest." }),
    body: z.string(),
    mentions: z.array(z.string()),
    commentId: z.string(),
  },
  describe: (op) => `~ comment [${operationKeys(op).join(" ")}]`,
  markdown: (op) => `edit comment ${operationKeys(op).map((key) => `\`${key}\``).join(" ")}`,
  brief: (op) => `edit-comment ${operationKeys(op).join(" ")}`,
  summaryName: "comment edited",
  notices: {
    edited: true,
    keys: operationKeys,
    text: (op) => op.body,
  },
};
