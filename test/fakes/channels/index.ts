/**
 * Every channel fake at once, for the senders' tests and the escalation end-to-end tests:
 * `startChannelFakes()` starts Slack, Teams, DingTalk (signed), WeCom, PagerDuty, a signed-webhook
 * receiver and an SMTP server on loopback, and gives the environment variables and `Channel`
 * declarations that point at them (one channel of each kind, named after it), what each received,
 * all shape violations together, and one `close()`.
 */
import type { Channel } from "../../../src/core/channels/channel.ts";
import { type FakeDingtalk, startFakeDingtalk } from "./fake-dingtalk.ts";
import { type FakePagerduty, startFakePagerduty } from "./fake-pagerduty.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { type FakeSmtp, startFakeSmtp } from "./fake-smtp.ts";
import { type FakeTeams, startFakeTeams } from "./fake-teams.ts";
import { type FakeWebhook, startFakeWebhook } from "./fake-webhook.ts";
import { type FakeWecom, startFakeWecom } from "./fake-wecom.ts";

export interface ChannelFakes {
  slack: FakeSlack;
  teams: FakeTeams;
  dingtalk: FakeDingtalk;
  wecom: FakeWecom;
  pagerduty: FakePagerduty;
  webhook: FakeWebhook;
  smtp: FakeSmtp;
  /** The variables the channels below name, set to the fakes' addresses and secrets. */
  env: Record<string, string>;
  /** One channel of each kind, named `<kind>-channel` (`pagerduty-channel`), 24×7. */
  channels: Channel[];
  /** The SMTP server's certificate for the sender's `smtp: { tls: { ca } }`. */
  smtpTls: { ca: string };
  /** Every fake's violations, each prefixed with the fake's name. */
  violations(): string[];
  close(): Promise<void>;
}

/** The DingTalk robot's signing secret the fakes use. */
export const FAKE_DINGTALK_SECRET = "SECa1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

/** Start all fakes; `now` is the clock DingTalk and the webhook check timestamps against. */
export async function startChannelFakes(options: { now?: () => number } = {}): Promise<ChannelFakes> {
  const clock = options.now === undefined ? {} : { now: options.now };
  const [slack, teams, dingtalk, wecom, pagerduty, webhook, smtp] = await Promise.all([
    startFakeSlack(),
    startFakeTeams(),
    startFakeDingtalk({ secret: FAKE_DINGTALK_SECRET, ...clock }),
    startFakeWecom(clock),
    startFakePagerduty(),
    startFakeWebhook(clock),
    startFakeSmtp(),
  ]);
  const env = {
    SLACK_WEBHOOK_URL: slack.webhookUrl,
    TEAMS_WEBHOOK_URL: teams.webhookUrl,
    DINGTALK_WEBHOOK_URL: dingtalk.webhookUrl,
    DINGTALK_SECRET: FAKE_DINGTALK_SECRET,
    WECOM_WEBHOOK_URL: wecom.webhookUrl,
    PAGERDUTY_ROUTING_KEY: pagerduty.routingKey,
    SHEPHERD_WEBHOOK_URL: webhook.webhookUrl,
    SHEPHERD_WEBHOOK_SECRET: webhook.secret,
    SMTP_URL: smtp.url,
  };
  const channels: Channel[] = [
    { name: "slack-channel", kind: "slack", url: { env: "SLACK_WEBHOOK_URL" } },
    { name: "teams-channel", kind: "teams", url: { env: "TEAMS_WEBHOOK_URL" } },
    { name: "dingtalk-channel", kind: "dingtalk", url: { env: "DINGTALK_WEBHOOK_URL" }, secret: { env: "DINGTALK_SECRET" } },
    { name: "wecom-channel", kind: "wecom", url: { env: "WECOM_WEBHOOK_URL" } },
    { name: "pagerduty-channel", kind: "pagerduty", routingKey: { env: "PAGERDUTY_ROUTING_KEY" }, url: pagerduty.eventsUrl },
    { name: "webhook-channel", kind: "webhook", url: { env: "SHEPHERD_WEBHOOK_URL" }, secret: { env: "SHEPHERD_WEBHOOK_SECRET" } },
    { name: "email-channel", kind: "email", smtp: { env: "SMTP_URL" }, from: "Support Shepherd <shepherd@example.com>", to: ["oncall@example.com", "lead@example.com"] },
  ];
  const http = [slack, teams, dingtalk, wecom, pagerduty, webhook];
  return {
    slack,
    teams,
    dingtalk,
    wecom,
    pagerduty,
    webhook,
    smtp,
    env,
    channels,
    smtpTls: { ca: smtp.ca },
    violations: () => http.flatMap((fake) => fake.violations),
    close: async () => {
      await Promise.all([...http.map((fake) => fake.close()), smtp.close()]);
    },
  };
}
