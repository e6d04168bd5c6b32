/**
 * What every provider's sender is given: the environment its secrets are read from, the fetch
 * and timeout of its request, the clock (signatures, `Retry-After` dates) and, for e-mail, the
 * SMTP transport's settings.
 */
import type { Channel } from "../core/channels/channel.ts";
import type { ChannelEnv } from "./channel-env.ts";
import type { PostContext } from "./http-post.ts";

/** The settings of SMTP connections beyond the channel's URL. */
export interface SmtpSettings {
  /** TLS options of the connection (a private CA, a server name); the system's CAs otherwise. */
  tls?: { ca?: string | string[]; servername?: string; rejectUnauthorized?: boolean };
  /**
   * Refuse to send unless the connection is encrypted (STARTTLS on `smtp://`). Default: required
   * when the URL has credentials and the server is not this machine, else STARTTLS when offered.
   */
  requireTls?: boolean;
  /** How long to wait for the connection, the greeting and each answer; default: the sender's timeout. */
  timeoutMs?: number;
}

export interface SendContext extends PostContext {
  env: ChannelEnv;
  smtp: SmtpSettings;
}

/** The channel of one kind. */
export type ChannelOf<K extends Channel["kind"]> = Extract<Channel, { kind: K }>;
