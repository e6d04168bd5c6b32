/**
 * E-mail through an SMTP server (nodemailer): the channel's `smtp` variable holds an `smtp://`
 * (STARTTLS when the server offers it; required when the URL has a password and the server is
 * not this machine, so no password goes in clear) or `smtps://` (TLS from the start) URL, with
 * user and password when the server asks for them. One connection per notice, with timeouts on
 * connecting, the greeting and every answer. The mail has a plain-text part and a simple HTML
 * part (the issue's text escaped), `X-Shepherd-Notice` / `X-Shepherd-Incident` headers with the
 * notice's key and dedup key, and `Auto-Submitted: auto-generated`. A 4xx reply or a lost
 * connection is transient; a 5xx reply, refused credentials or a certificate that cannot be
 * verified is rejected.
 */
import { createTransport } from "nodemailer";
import { ChannelError, type ChannelMessage } from "../core/channels/channel.ts";
import { readEnv } from "./channel-env.ts";
import { quote } from "./http-post.ts";
import { convertBold, htmlText, issueLink, oneLine } from "./neutralise-text.ts";
import type { ChannelOf, SendContext } from "./send-context.ts";

/** The mail's subject, text and HTML for `message`. */
export function emailContent(message: ChannelMessage): { subject: string; text: string; html: string } {
  const subject = oneLine(message.title, 250);
  const link = issueLink(message.url);
  const lines = message.text.trim() === "" ? [] : message.text.trim().split(/\r?\n/);
  const text = [subject, "", ...lines.map((line) => convertBold(line, "$1")), ...(link === undefined ? [] : ["", `${message.issue}: ${link}`])].join("\n");
  const paragraphs = [`<p><strong>${htmlText(subject)}</strong></p>`];
  if (lines.length > 0) paragraphs.push(`<p>${lines.map((line) => convertBold(htmlText(line), "<strong>$1</strong>")).join("<br>\n")}</p>`);
  if (link !== undefined) paragraphs.push(`<p><a href="${htmlText(link)}">${htmlText(oneLine(message.issue, 200))}</a></p>`);
  return { subject, text, html: `<!doctype html>\n<html><body>\n${paragraphs.join("\n")}\n</body></html>\n` };
}

/** Whether `host` is this machine (a local relay), where a password may go without TLS. */
const isLoopback = (host: string): boolean => host === "localhost" || host === "::1" || /^127\./.test(host);

/**
 * The transport's settings from the channel's `smtp://` or `smtps://` URL. A password is never
 * sent in clear: with credentials on `smtp://`, STARTTLS is required unless the server is this
 * machine (or `requireTls: false` says otherwise).
 */
export function smtpOptions(context: Pick<SendContext, "env" | "smtp" | "timeoutMs">, channel: ChannelOf<"email">) {
  const ref = channel.smtp;
  let url: URL | undefined;
  try {
    url = new URL(readEnv(context.env, ref, channel.name));
  } catch (error) {
    if (error instanceof ChannelError) throw error;
  }
  if (url === undefined || (url.protocol !== "smtp:" && url.protocol !== "smtps:") || url.hostname === "") {
    throw new ChannelError("config", `channel ${channel.name}: ${ref.env} is not an SMTP URL (expected smtp://user:password@host:587 or smtps://user:password@host:465)`);
  }
  const timeout = context.smtp.timeoutMs ?? context.timeoutMs;
  const user = decodeURIComponent(url.username);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return {
    host,
    ...(url.port === "" ? {} : { port: Number(url.port) }),
    secure: url.protocol === "smtps:",
    requireTLS: context.smtp.requireTls ?? (user !== "" && !isLoopback(host)),
    ...(user === "" ? {} : { auth: { user, pass: decodeURIComponent(url.password) } }),
    ...(context.smtp.tls === undefined ? {} : { tls: context.smtp.tls }),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  };
}

const LOST_CONNECTION = new Set(["ECONNECTION", "ESOCKET", "ETIMEDOUT", "EDNS", "ECONNREFUSED", "ECONNRESET"]);

/** A certificate the connection could not verify (Node's codes): sending again would not help. */
const CERTIFICATE = /CERT|SELF_SIGNED|^ERR_TLS_|^UNABLE_TO_/;

/** The `ChannelError` for a failure of nodemailer. */
function mailError(channel: string, error: unknown): ChannelError {
  const e = (error ?? {}) as { code?: unknown; originalCode?: unknown; command?: unknown; responseCode?: unknown; permanent?: unknown; response?: unknown; message?: unknown };
  const said = typeof e.response === "string" ? e.response : typeof e.message === "string" ? e.message : String(error);
  const code = typeof e.originalCode === "string" ? e.originalCode : typeof e.code === "string" ? e.code : undefined;
  const certificate = code !== undefined && CERTIFICATE.test(code);
  const transient = !certificate && (e.permanent === false || (typeof e.code === "string" && LOST_CONNECTION.has(e.code)));
  if (e.command === "STARTTLS") {
    return new ChannelError("rejected", `channel ${channel}: the SMTP server does not do STARTTLS (${quote(said)}), and the password is only sent encrypted: use smtps://, or a server that offers STARTTLS`, { cause: error });
  }
  const what = typeof e.responseCode === "number" ? `the SMTP server answered ${e.responseCode}` : `SMTP failed${code === undefined ? "" : ` (${code})`}`;
  return new ChannelError(transient ? "transient" : "rejected", `channel ${channel}: ${what}: ${quote(said)}`, { cause: error });
}

/** Send `message` as an e-mail to the channel's recipients. */
export async function sendEmail(context: SendContext, channel: ChannelOf<"email">, message: ChannelMessage): Promise<void> {
  if (channel.to.length === 0) throw new ChannelError("config", `channel ${channel.name}: no recipient (give \`to\` one address or more)`);
  const transport = createTransport(smtpOptions(context, channel));
  const content = emailContent(message);
  try {
    await transport.sendMail({
      from: channel.from,
      to: channel.to,
      ...content,
      // Marked as automatic (RFC 3834; Exchange's own header) so out-of-office replies do not answer it.
      headers: { "X-Shepherd-Notice": message.key, "X-Shepherd-Incident": message.dedupKey, "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" },
    });
  } catch (error) {
    throw mailError(channel.name, error);
  } finally {
    transport.close();
  }
}
