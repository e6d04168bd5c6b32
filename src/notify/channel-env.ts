/**
 * The environment a channel's secrets come from, read when a message is sent (never when the
 * rule file is loaded: a run that sends nothing needs none of them). A missing or empty variable,
 * or a webhook address that is not an http(s) URL, is a `config` error that names the channel and
 * the variable — never its value, which is a secret (an incoming-webhook URL carries its token).
 */
import { ChannelError, type EnvRef } from "../core/channels/channel.ts";

/** The process environment or any map of the same shape. */
export type ChannelEnv = Readonly<Record<string, string | undefined>>;

/** The value of `ref`, trimmed; throws a `config` error when it is unset or blank. */
export function readEnv(env: ChannelEnv, ref: EnvRef, channel: string): string {
  const value = env[ref.env]?.trim();
  if (value === undefined || value === "") {
    throw new ChannelError("config", `channel ${channel}: ${ref.env} is not set (set it to the channel's secret in the environment the tool runs in)`);
  }
  return value;
}

/** An http(s) URL read from `ref`; `expected` shows the shape the provider gives (`https://hooks.slack.com/services/…`). */
export function readUrl(env: ChannelEnv, ref: EnvRef, channel: string, expected: string): URL {
  return checkUrl(readEnv(env, ref, channel), channel, ref.env, expected);
}

/** `text` as an http(s) URL, or a `config` error naming where it came from (`where`) and the shape expected. */
export function checkUrl(text: string, channel: string, where: string, expected: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new ChannelError("config", `channel ${channel}: ${where} is not an http(s) URL (expected ${expected}); copy the address the provider gave`);
  }
  return url;
}
