/**
 * The e-mail sender against a real SMTP server on loopback: STARTTLS taken when offered (the
 * server allows AUTH only over TLS), the credentials of the URL, a plain-text and an HTML part
 * with the text escaped, the notice's headers; SMTP errors mapped to retry or not.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannelSender } from "../../src/notify/create-channel-sender.ts";
import { smtpOptions } from "../../src/notify/send-email.ts";
import { startFakeSmtp } from "../fakes/channels/fake-smtp.ts";
import { type ChannelFakes, startChannelFakes } from "../fakes/channels/index.ts";
import { channelOf, noticeMessage, recordingRetry } from "./notice-message.ts";

let fakes: ChannelFakes;
beforeAll(async () => {
  fakes = await startChannelFakes();
});
afterAll(() => fakes.close());

const sender = (env = fakes.env, retry = recordingRetry()) => createChannelSender({ env, retry, smtp: { tls: fakes.smtpTls }, timeoutMs: 5000 });

describe("SMTP e-mail", () => {
  it("logs in over STARTTLS and delivers a text and an HTML part to every recipient", async () => {
    const title = "P0 breached — resolution 4h — acme/shop#12: Checkout <script>alert(1)</script> & 支付失败";
    await sender().send(channelOf(fakes, "email"), noticeMessage({ title }));
    const mail = fakes.smtp.mails.at(-1);
    expect(mail).toMatchObject({ from: "shepherd@example.com", to: ["oncall@example.com", "lead@example.com"], secure: true, user: "shepherd" });
    expect(mail?.headers.get("subject")).toBe(title);
    expect(mail?.headers.get("from")).toBe("Support Shepherd <shepherd@example.com>");
    expect(mail?.headers.get("x-shepherd-notice")).toBe("notify/test/resolution/cycle-1/level-1");
    expect(mail?.headers.get("x-shepherd-incident")).toBe("acme/shop#12/resolution/cycle-1");
    expect(mail?.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail?.headers.get("content-type")).toMatch(/^multipart\/alternative/);
    expect(mail?.text).toContain(`${title}\n\nClock: resolution\nTarget: 4h`);
    expect(mail?.text).toContain("acme/shop#12: https://github.com/acme/shop/issues/12");
    expect(mail?.html).toContain("Checkout &lt;script&gt;alert(1)&lt;/script&gt; &amp; 支付失败");
    expect(mail?.html).not.toContain("<script>");
    expect(mail?.html).toContain('<a href="https://github.com/acme/shop/issues/12">acme/shop#12</a>');
  });

  it("the text's Markdown bold is bold in HTML and plain in text", async () => {
    await sender().send(channelOf(fakes, "email"), noticeMessage({ text: "Escalation level 1: **resolution** is breached" }));
    const mail = fakes.smtp.mails.at(-1);
    expect(mail?.text).toContain("Escalation level 1: resolution is breached");
    expect(mail?.html).toContain("Escalation level 1: <strong>resolution</strong> is breached");
  });

  it("refuses a certificate it cannot verify, at once (no retry), and says so", async () => {
    const retry = recordingRetry();
    const error = await createChannelSender({ env: fakes.env, retry, timeoutMs: 5000 }).send(channelOf(fakes, "email"), noticeMessage()).catch((e: unknown) => e);
    expect(retry.waits).toEqual([]);
expect(error).toMatchObject({ kind: "rejected", message: expect.stringMatching(/^channel email-channel: SMTP failed \(DEPTH_ZERO_SELF_SIGNED_CERT\): self-signed certificate/) as unknown });
  });

  it("a wrong password is rejected (535), not retried", async () => {
    const env = { ...fakes.env, SMTP_URL: fakes.smtp.url.replace(/:[^:@/]+@/, ":wrong@") };
    const retry = recordingRetry();
    const error = await sender(env, retry).send(channelOf(fakes, "email"), noticeMessage()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", message: expect.stringContaining("535") as unknown });
    expect(retry.waits).toEqual([]);
    expect(fakes.smtp.refusedLogins).toEqual(["shepherd"]);
  });

  it("451 (try again later) is retried; 550 is not", async () => {
    const count = fakes.smtp.mails.length;
    fakes.smtp.failNext(451, "Try again later");
    const retry = recordingRetry();
    await sender(fakes.env, retry).send(channelOf(fakes, "email"), noticeMessage());
    expect(retry.waits).toEqual([1000]);
    expect(fakes.smtp.mails.length).toBe(count + 1);
    fakes.smtp.failNext(550, "No such user here");
    const again = recordingRetry();
    const error = await sender(fakes.env, again).send(channelOf(fakes, "email"), noticeMessage()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", message: expect.stringContaining("the SMTP server answered 550") as unknown });
    expect(again.waits).toEqual([]);
  });

  it("a URL that is not smtp:// or smtps:// is a config error naming the variable", async () => {
    const error = await sender({ ...fakes.env, SMTP_URL: "mail.example.com:587" }).send(channelOf(fakes, "email"), noticeMessage()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "config", message: "channel email-channel: SMTP_URL is not an SMTP URL (expected smtp://user:password@host:587 or smtps://user:password@host:465)" });
  });

  it("a password is never sent in clear: a server without STARTTLS is refused when TLS is required", async () => {
    const plain = await startFakeSmtp({ starttls: false });
    try {
      const env = { SMTP_URL: plain.url };
      const channel = { ...channelOf(fakes, "email"), smtp: { env: "SMTP_URL" } };
      const retry = recordingRetry();
      const error = await createChannelSender({ env, retry, smtp: { requireTls: true, tls: fakes.smtpTls }, timeoutMs: 5000 }).send(channel, noticeMessage()).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: "rejected", message: "channel email-channel: the SMTP server does not do STARTTLS (500 Error: command not recognized), and the password is only sent encrypted: use smtps://, or a server that offers STARTTLS" });
      expect(retry.waits).toEqual([]);
      expect(plain.mails).toEqual([]);
      await createChannelSender({ env, retry, timeoutMs: 5000 }).send(channel, noticeMessage());
      expect(plain.mails.map((m) => m.secure)).toEqual([false]);
    } finally {
      await plain.close();
    }
  });

  it("STARTTLS is required by default for credentials to a server elsewhere, not for a local relay", () => {
    const channel = channelOf(fakes, "email");
    const options = (url: string, requireTls?: boolean) => smtpOptions({ env: { SMTP_URL: url }, smtp: requireTls === undefined ? {} : { requireTls }, timeoutMs: 1000 }, channel);
    expect(options("smtp://u:p@mail.example.com:587")).toMatchObject({ host: "mail.example.com", port: 587, secure: false, requireTLS: true, auth: { user: "u", pass: "p" } });
    expect(options("smtp://mail.example.com:25")).toMatchObject({ requireTLS: false });
    expect(options("smtp://u:p@127.0.0.1:25")).toMatchObject({ requireTLS: false });
    expect(options("smtp://u:p@mail.example.com", false)).toMatchObject({ requireTLS: false });
    expect(options("smtps://u%40x:p%2Fw@[::1]:465")).toMatchObject({ host: "::1", port: 465, secure: true, auth: { user: "u@x", pass: "p/w" } });
  });
});
