/**
 * Escalation channels: where a notice goes beside the tracker (chat rooms, a pager, e-mail, a
 * signed webhook). The rule file declares channels by name; secrets and addresses that are
 * secrets (an incoming-webhook URL carries its token) are named by environment variable, never
 * written in the file. The core plans `notify` operations that carry a `ChannelMessage`; an
 * adapter outside the core (`src/notify/`) sends it through a `ChannelSender`.
 */

/** A value read from the environment when the message is sent: the rule file names the variable. */
export interface EnvRef {
  env: string;
}

interface ChannelBase {
  /** The channel's name in the rule file (`oncall-pager`, `support-room`). */
  name: string;
  /**
   * The calendar whose hours the channel may be used in (`business`); absent: at any hour (24×7).
   * A notice that falls outside waits for the calendar's next working instant.
   */
  calendar?: string;
  /** The priority levels whose notices the channel takes (a pager: `[P0, P1]`); absent: every level. */
  priorities?: string[];
}

export type Channel =
  | (ChannelBase & { kind: "slack"; url: EnvRef })
  | (ChannelBase & { kind: "teams"; url: EnvRef })
  | (ChannelBase & { kind: "dingtalk"; url: EnvRef; secret?: EnvRef })
  | (ChannelBase & { kind: "wecom"; url: EnvRef })
  | (ChannelBase & {
      kind: "pagerduty";
      routingKey: EnvRef;
      /** The Events API v2 endpoint; absent: PagerDuty's own (`https://events.pagerduty.com/v2/enqueue`). */
      url?: string;
    })
  | (ChannelBase & {
      kind: "email";
      /** An `smtp://` or `smtps://` URL, with user and password when the server needs them. */
      smtp: EnvRef;
      from: string;
      to: string[];
    })
  | (ChannelBase & { kind: "webhook"; url: EnvRef; secret: EnvRef });

export type ChannelKind = Channel["kind"];

/** What one notice says, in the rule file's locale; every sender renders it in its provider's shape. */
export interface ChannelMessage {
  /** The channel's name. */
  channel: string;
  /** The exactly-once key of this notice: per issue, clock, cycle and level (`notify/oncall-pager/resolution/cycle-1/level-1`). */
  key: string;
  /** `trigger` opens an incident (a pager) or posts a message; `resolve` closes the incident of `dedupKey`; `info` only posts. */
  event: "trigger" | "resolve" | "info";
  /** The same for every notice of one issue and cycle: PagerDuty's `dedup_key`, a webhook's incident id. */
  dedupKey: string;
  severity: "critical" | "error" | "warning" | "info";
  /** One line: `P0 breached — resolution 4h, 1 h 12 min over — acme/shop#12: Checkout down`. */
  title: string;
  /** A few short lines: clock, target, overrun, priority, the issue's link. */
  text: string;
  /** The issue's web address. */
  url: string;
  /** The issue's id (`acme/shop#12`, `PROJ-12`). */
  issue: string;
  priority: string;
  clock?: string;
  target?: string;
  overrunMinutes?: number;
  level?: number;
}

/** Why a send failed: `config` (a variable missing, a bad URL — not retried), `rejected` (4xx), `transient` (5xx, network, 429). */
export type ChannelErrorKind = "config" | "rejected" | "transient";

export class ChannelError extends Error {
  readonly kind: ChannelErrorKind;
  /** Seconds to wait before retrying, when the provider said so. */
  readonly retryAfter: number | undefined;
  constructor(kind: ChannelErrorKind, message: string, options: { cause?: unknown; retryAfter?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = "ChannelError";
    this.kind = kind;
    this.retryAfter = options.retryAfter;
  }
}

/** Sends one message to one channel, or throws a `ChannelError`. Retries are the caller's. */
export interface ChannelSender {
  send(channel: Channel, message: ChannelMessage): Promise<void>;
}
