/** The one Jira issue a plan is applied to, and what the writes know of it and of the site. */
import type { CloudClient } from "jira.js";
import type { ChannelSender } from "../core/channels/channel.ts";
import type { FieldCatalog } from "./field-catalog.ts";
import type { TransitionNames } from "./find-transition.ts";
import type { Ledger } from "./ledger.ts";

export interface ApplyTarget {
  jira: CloudClient;
  /** The issue key, e.g. `SUP-12`. */
  key: string;
  fields: () => Promise<FieldCatalog>;
  transitionNames: TransitionNames;
  /** The ledger as last read or written; updated as comments are posted. */
  ledger: Ledger;
  /** Ids of the comments the issue has, to prune ledger entries of deleted ones. */
  commentIds: Set<string>;
  /** The account the token belongs to: only its comments carry keys. */
  selfAccountId: () => Promise<string>;
  /** Sends `notify` operations' notices; without it, a notify fails with "no channel sender configured". */
  channelSender?: ChannelSender | undefined;
}
