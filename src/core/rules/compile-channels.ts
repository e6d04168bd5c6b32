/**
 * The `channels:` section → the channels notices go to, by name. Every secret (a webhook URL
 * carries its token; signing secrets, PagerDuty's routing key, the SMTP URL with its password) is
 * only an environment variable's name: a literal is a diagnostic. The keys a kind needs are
 * checked here, after merging, and so are the calendars of quiet hours and the names `notify:`
 * entries give.
 */
import type { Channel, EnvRef } from "../channels/channel.ts";
import { CHANNEL_NAME } from "../channels/notice-keys.ts";
import { editDistance } from "../text/edit-distance.ts";
import { list, type CompileOutput, type DataPath, type RefChecks } from "./compile-context.ts";
import type { ChannelSpecOutput, RuleFileOutput } from "./schema.ts";

/** An environment variable's name as shells take it. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The variable each secret of a kind is conventionally read from, for messages. */
const EXAMPLE_ENV: Record<string, string> = {
  slack: "SLACK_WEBHOOK_URL",
  teams: "TEAMS_WEBHOOK_URL",
  dingtalk: "DINGTALK_WEBHOOK_URL",
  wecom: "WECOM_WEBHOOK_URL",
  webhook: "ALERT_WEBHOOK_URL",
  secret: "WEBHOOK_SECRET",
  "routing-key": "PAGERDUTY_ROUTING_KEY",
  smtp: "SMTP_URL",
};

/** The keys each kind takes beside `kind`, `calendar` and `enabled`; the first ones required. */
const KEYS: Record<Channel["kind"], { required: readonly (keyof ChannelSpecOutput)[]; optional: readonly (keyof ChannelSpecOutput)[] }> = {
  slack: { required: ["url"], optional: [] },
  teams: { required: ["url"], optional: [] },
  wecom: { required: ["url"], optional: [] },
  dingtalk: { required: ["url"], optional: ["secret"] },
  webhook: { required: ["url", "secret"], optional: [] },
  pagerduty: { required: ["routing-key"], optional: ["url"] },
  email: { required: ["smtp", "from", "to"], optional: [] },
};

const SPEC_KEYS: readonly (keyof ChannelSpecOutput)[] = ["url", "secret", "routing-key", "smtp", "from", "to"];

export interface CompiledChannels {
  /** The channels that are on. */
  channels: Map<string, Channel>;
  /** Channel names a `notify:` entry gives, each declared (on or off); unknown ones are reported. */
  checkChannels: (value: string | string[] | undefined, path: DataPath) => string[];
}

export function compileChannels(spec: RuleFileOutput["channels"], check: Pick<RefChecks, "calendarRef" | "checkLevel">, out: CompileOutput): CompiledChannels {
  const channels = new Map<string, Channel>();
  const declared = new Set<string>();
  for (const [name, entry] of Object.entries(spec ?? {})) {
    declared.add(name);
    const at: DataPath = ["channels", name];
    if (!CHANNEL_NAME.test(name)) {
      out.problems.push({ path: at, atKey: true, message: `expected a channel name of letters, digits and - _ . (it becomes part of the notices' hidden keys), found ${JSON.stringify(name)}` });
      continue;
    }
    const channel = compileChannel(name, entry, at, check, out);
    if (channel !== undefined && entry.enabled !== false) channels.set(name, channel);
  }
  const checkChannels = (value: string | string[] | undefined, path: DataPath): string[] => {
    const names = list(value);
    const many = Array.isArray(value);
    names.forEach((name, i) => {
      if (declared.has(name)) return;
      out.problems.push({ path: many ? [...path, i] : path, message: unknownChannel(name, [...declared]) });
    });
    return names.filter((name) => declared.has(name));
  };
  return { channels, checkChannels };
}

function unknownChannel(name: string, known: readonly string[]): string {
  const listed = known.length > 0 ? ` (${known.join(", ")})` : " (none is declared)";
  const near = known.map((k) => ({ k, d: editDistance(k, name) })).filter((c) => c.d <= Math.max(2, Math.floor(name.length / 3))).sort((a, b) => a.d - b.d)[0];
  const advice = near !== undefined ? ` — did you mean ${JSON.stringify(near.k)}?` : "; declare it under channels";
  return `expected a channel declared under channels${listed}, found ${JSON.stringify(name)}${advice}`;
}

function compileChannel(name: string, entry: ChannelSpecOutput, at: DataPath, check: Pick<RefChecks, "calendarRef" | "checkLevel">, out: CompileOutput): Channel | undefined {
  const kind = entry.kind;
  if (kind === undefined) {
    out.problems.push({ path: at, atKey: true, message: `expected kind: slack, teams, dingtalk, wecom, pagerduty, email or webhook, found a channel without one` });
    return undefined;
  }
  const problems = out.problems.length;
  const keys = KEYS[kind];
  for (const key of SPEC_KEYS) {
    const given = entry[key] !== undefined;
    if (!given && keys.required.includes(key)) out.problems.push({ path: at, atKey: true, message: `expected ${key}: a ${kind} channel needs it${secretHint(kind, key)}, found none` });
    if (given && !keys.required.includes(key) && !keys.optional.includes(key)) {
      out.problems.push({ path: [...at, key], atKey: true, message: `expected only ${[...keys.required, ...keys.optional, "calendar", "priorities", "enabled"].join(", ")} for a ${kind} channel, found ${key}` });
    }
  }
  if (entry.calendar !== undefined) check.calendarRef(entry.calendar, [...at, "calendar"]);
  (entry.priorities ?? []).forEach((level, i) => check.checkLevel(level, [...at, "priorities", i]));
  const env = (key: "url" | "secret" | "routing-key" | "smtp"): EnvRef => envRef(entry[key], kind, key, [...at, key], out);
  const base = { name, ...(entry.calendar === undefined ? {} : { calendar: entry.calendar }), ...(entry.priorities === undefined ? {} : { priorities: entry.priorities }) };
  let channel: Channel;
  switch (kind) {
    case "slack":
    case "teams":
    case "wecom":
      channel = { ...base, kind, url: env("url") };
      break;
    case "dingtalk":
      channel = { ...base, kind, url: env("url"), ...(entry.secret === undefined ? {} : { secret: env("secret") }) };
      break;
    case "webhook":
      channel = { ...base, kind, url: env("url"), secret: env("secret") };
      break;
    case "pagerduty": {
      const url = entry.url;
      if (url !== undefined && typeof url !== "string") {
        out.problems.push({ path: [...at, "url"], message: "expected the Events API endpoint as plain text (it is no secret), e.g. https://events.pagerduty.com/v2/enqueue, found {env: …}" });
      } else if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) {
        out.problems.push({ path: [...at, "url"], message: `expected an http(s) URL like https://events.pagerduty.com/v2/enqueue, found ${JSON.stringify(url)}` });
      }
      channel = { ...base, kind, routingKey: env("routing-key"), ...(typeof url === "string" ? { url } : {}) };
      break;
    }
    case "email": {
      const to = list(entry.to);
      const bad = [entry.from ?? "x@y", ...to].find((address) => !/^[^\s@]+@[^\s@]+$/.test(address));
      if (bad !== undefined) out.problems.push({ path: [...at, entry.from === bad ? "from" : "to"], message: `expected an e-mail address like oncall@example.com, found ${JSON.stringify(bad)}` });
      if (entry.to !== undefined && to.length === 0) out.problems.push({ path: [...at, "to"], message: "expected at least one recipient address, found none" });
      channel = { ...base, kind, smtp: env("smtp"), from: entry.from ?? "", to };
      break;
    }
  }
  return out.problems.length === problems ? channel : undefined;
}

const secretHint = (kind: string, key: string): string => {
  const example = EXAMPLE_ENV[key === "url" ? kind : key];
  return example === undefined || (kind === "pagerduty" && key === "url") ? "" : ` (as {env: ${example}})`;
};

/** `{ env: NAME }` with a usable name; a literal secret or a bad name is a diagnostic. */
function envRef(value: ChannelSpecOutput["url"], kind: string, key: string, path: DataPath, out: CompileOutput): EnvRef {
  if (value === undefined) return { env: "" };
  const example = EXAMPLE_ENV[key === "url" ? kind : key] ?? "NAME";
  if (typeof value === "string") {
    out.problems.push({
      path,
      message: `expected {env: ${example}}, found the ${key === "url" ? "webhook URL" : key} written in the rule file — it is a secret (anyone who reads the file could use it): put it in the environment variable ${example} and write ${key}: {env: ${example}}`,
    });
    return { env: "" };
  }
  if (!ENV_NAME.test(value.env)) {
    out.problems.push({ path: [...path, "env"], message: `expected an environment variable name like ${example} (letters, digits, _), found ${JSON.stringify(value.env)}` });
  }
  return { env: value.env };
}
