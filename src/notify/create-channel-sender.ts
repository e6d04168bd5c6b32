/**
 * The `ChannelSender` of the tool: reads each channel's secrets from the environment when a
 * message is sent, hands the message to its provider's sender, and retries what failed for a
 * while (`transient`: no answer, 5xx, 429, a robot's "too frequent") by the core's retry policy —
 * doubling back-off with jitter, the provider's `Retry-After` honoured, a bounded number of
 * attempts, no single wait past the policy's longest — then throws the last `ChannelError`.
 * `config` (a variable not set, a URL that is not one) and `rejected` (the provider refused the
 * message) are thrown at once: sending again would fail the same way.
 */
import { type Channel, ChannelError, type ChannelMessage, type ChannelSender } from "../core/channels/channel.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { type RetryPolicy, retryPolicy, retryWait } from "../core/retry-policy.ts";
import type { ChannelEnv } from "./channel-env.ts";
import type { SendContext, SmtpSettings } from "./send-context.ts";
import { sendDingtalk } from "./send-dingtalk.ts";
import { sendEmail } from "./send-email.ts";
import { sendPagerduty } from "./send-pagerduty.ts";
import { sendSlack } from "./send-slack.ts";
import { sendTeams } from "./send-teams.ts";
import { sendWebhook } from "./send-webhook.ts";
import { sendWecom } from "./send-wecom.ts";

/** Channels retry less than tracker calls: a notice waits at most about 7 s (1 + 2 + 4) before it is reported as failed. */
export const CHANNEL_RETRY_POLICY: RetryPolicy = retryPolicy({ maxRetries: 3 });

/** How long one request (or one SMTP step) may take by default. */
export const CHANNEL_TIMEOUT_MS = 10_000;

export interface ChannelRetryOptions {
  /** The policy; default `CHANNEL_RETRY_POLICY`. */
  policy?: RetryPolicy;
  /** How a wait is sat out; default a timer (tests pass one that records). */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), for the jitter; default Math.random. */
  random?: () => number;
}

export interface ChannelSenderOptions {
  /** Where the channels' variables are read from, at send time (usually `process.env`). */
  env: ChannelEnv;
  /** The fetch of the HTTP providers; default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  retry?: ChannelRetryOptions;
  /** Where retries are logged (`notify.retry`); default silent. */
  logger?: Logger;
  /** SMTP connection settings beyond the channel's URL (a private CA, STARTTLS required). */
  smtp?: SmtpSettings;
  /** How long one request may take, in ms; default `CHANNEL_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Epoch ms: signatures' timestamps, `Retry-After` dates; default Date.now. */
  now?: () => number;
}

/** One attempt: the message through the sender of the channel's kind. */
function sendOnce(context: SendContext, channel: Channel, message: ChannelMessage): Promise<void> {
  switch (channel.kind) {
    case "slack":
      return sendSlack(context, channel, message);
    case "teams":
      return sendTeams(context, channel, message);
    case "dingtalk":
      return sendDingtalk(context, channel, message);
    case "wecom":
      return sendWecom(context, channel, message);
    case "pagerduty":
      return sendPagerduty(context, channel, message);
    case "email":
      return sendEmail(context, channel, message);
    case "webhook":
      return sendWebhook(context, channel, message);
    default: {
      const unknown: { name?: unknown; kind?: unknown } = channel;
      return Promise.reject(new ChannelError("config", `channel ${String(unknown.name)}: no sender for the kind ${String(unknown.kind)}`));
    }
  }
}

/** Any failure as a `ChannelError`: one that is not (a fault of the sender itself) is `rejected`, never retried. */
function asChannelError(channel: string, error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  return new ChannelError("rejected", `channel ${channel}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** The last error, its message saying why the sender stopped retrying. */
function gaveUp(error: ChannelError, attempts: number, why: string): ChannelError {
  const retryAfter = error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter };
  return new ChannelError(error.kind, `${error.message}; ${why} after ${attempts} attempt${attempts === 1 ? "" : "s"}`, { cause: error, ...retryAfter });
}

/** The tool's channel sender (see the module's comment). */
export function createChannelSender(options: ChannelSenderOptions): ChannelSender {
  const policy = options.retry?.policy ?? CHANNEL_RETRY_POLICY;
  const sleep = options.retry?.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.retry?.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  const context: SendContext = {
    env: options.env,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? CHANNEL_TIMEOUT_MS,
    now: options.now ?? Date.now,
    smtp: options.smtp ?? {},
  };
  return {
    async send(channel, message) {
      for (let attempt = 0; ; attempt++) {
        try {
          await sendOnce(context, channel, message);
          return;
        } catch (caught) {
          const error = asChannelError(channel.name, caught);
          if (error.kind !== "transient") throw error;
          const advisedMs = error.retryAfter === undefined ? undefined : error.retryAfter * 1000;
          const decision = retryWait(policy, attempt, advisedMs, random);
          if (!decision.retry) {
            const why = decision.why === "wait-too-long" ? `the wait asked for is longer than the ${policy.maxWaitMs / 1000} s the tool waits; gave up` : "gave up";
            throw gaveUp(error, attempt + 1, why);
          }
          logger.log("warn", "notify.retry", { message: `${error.message}: retrying in ${Math.ceil(decision.waitMs / 1000)} s`, channel: channel.name, kind: channel.kind, attempt: attempt + 1, waitMs: decision.waitMs });
          await sleep(decision.waitMs);
        }
      }
    },
  };
}
