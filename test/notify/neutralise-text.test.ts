/**
 * A title from untrusted issue text reaches each provider inert: no broadcast or personal
 * mention, no forged link or image, no markup — checked on what the fakes received.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannelSender } from "../../src/notify/create-channel-sender.ts";
import { convertBold, htmlText, markdownText, slackText, truncate, truncateBytes } from "../../src/notify/neutralise-text.ts";
import { type ChannelFakes, startChannelFakes } from "../fakes/channels/index.ts";
import { noticeMessage } from "./notice-message.ts";

const HOSTILE = "Checkout down <!channel> @here @13800138000 <@zhangsan> [click](https://evil.example) ![x](https://evil.example/p.png) <b>bold</b> @all";

let fakes: ChannelFakes;
beforeAll(async () => {
  fakes = await startChannelFakes();
  const send = createChannelSender({ env: fakes.env, smtp: { tls: fakes.smtpTls } });
  const message = noticeMessage({ title: HOSTILE, text: `Reported: ${HOSTILE}` });
  for (const channel of fakes.channels) await send.send(channel, message);
});
afterAll(() => fakes.close());

describe("issue text made inert", () => {
  it("the fakes accepted every request", () => {
    expect(fakes.violations()).toEqual([]);
  });

  it("Slack: <!channel> shows as typed, @here is no broadcast, no link but the issue's", () => {
    const sent = JSON.stringify(fakes.slack.messages[0]);
    expect(sent).not.toContain("<!channel>");
    expect(sent).toContain("&lt;!channel&gt;");
    expect(sent).not.toMatch(/@here/);
    expect(sent).not.toContain("<https://evil");
  });

  it("DingTalk and WeCom: no @mobile, @all or <@userid> mention, no Markdown link, image or tag", () => {
    const texts = [fakes.dingtalk.messages[0]?.text ?? "", fakes.dingtalk.messages[0]?.title ?? "", fakes.wecom.messages[0] ?? ""];
    for (const text of texts) {
      expect(text).not.toMatch(/@13800138000|@all|<@zhangsan>|<b>/);
      expect(text).not.toContain("[click](");
      expect(text).not.toContain("![x](");
      expect(text).toContain("13800138000");
    }
  });

  it("Teams: the card's text has no Markdown link; the one action is the issue's", () => {
    const card = fakes.teams.cards[0];
    expect(JSON.stringify(card?.["body"])).not.toContain("[click](");
    expect(card?.["actions"]).toEqual([{ type: "Action.OpenUrl", title: "acme/shop#12", url: "https://github.com/acme/shop/issues/12" }]);
  });

  it("E-mail: the HTML part shows the tags as text; the text part keeps them as typed", () => {
    const mail = fakes.smtp.mails[0];
    expect(mail?.html).not.toContain("<b>bold</b>");
    expect(mail?.html).toContain("&lt;b&gt;bold&lt;/b&gt;");
    expect(mail?.text).toContain("<b>bold</b>");
  });
});

describe("text helpers", () => {
  it("escape what each format reads and nothing more", () => {
    expect(slackText("a & b <@U123> @channel @everyone x@here.com")).toBe("a &amp; b &lt;@U123&gt; @\u200Bchannel @\u200Beveryone x@\u200Bhere.com");
    expect(markdownText("[a](b) <c> @d")).toBe("［a］(b) ＜c＞ @\u200Bd");
  });

  it("the texts' Markdown bold becomes each format's", () => {
    expect(convertBold(slackText("**resolution** is breached"), "*$1*")).toBe("*resolution* is breached");
    expect(convertBold(htmlText("**a<b>** **c"), "<strong>$1</strong>")).toBe("<strong>a&lt;b&gt;</strong> **c");
    expect(convertBold("**升级** x", "$1")).toBe("升级 x");
  });

  it("cut on characters, never inside a surrogate pair or a UTF-8 sequence", () => {
    expect(truncate("ab😀cd", 4)).toBe("ab😀…");
    expect(truncate("abc", 3)).toBe("abc");
    const cut = truncateBytes("支付失败😀".repeat(10), 20);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(20);
    expect(cut).toBe("支付失败😀…");
    expect(truncateBytes("支付失败😀".repeat(10), 18)).toBe("支付失败…");
  });
});
