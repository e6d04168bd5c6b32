/**
 * Issue titles are untrusted text, and every notice quotes one: before a message reaches a
 * provider that reads markup, what the provider would act on is made inert. Slack: `&`, `<`, `>`
 * escaped as Slack asks (so `<!channel>` and `<https://evil|link>` show as typed) and `@here`,
 * `@channel`, `@everyone` broken by a zero-width space. Markdown robots and cards (DingTalk, WeCom,
 * Teams): every `@` is followed by a zero-width space (no `@13800000000` or `<@userid>` mention),
 * and `<` `>` `[` `]` become their full-width forms (no tag, no `[link](…)`, no `![image](…)`).
 * E-mail HTML: the five HTML characters escaped. Only links the tool makes itself are links.
 */

const ZERO_WIDTH_SPACE = "\u200B";

/** Text for Slack's mrkdwn: escaped, and broadcast mentions broken. */
export function slackText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(here|channel|everyone)\b/gi, `@${ZERO_WIDTH_SPACE}$1`);
}

const FULL_WIDTH: Readonly<Record<string, string>> = { "<": "＜", ">": "＞", "[": "［", "]": "］" };

/** Text for a provider's Markdown: no mention, tag, link or image can come from it. */
export function markdownText(text: string): string {
  return text.replace(/[<>[\]]/g, (c) => FULL_WIDTH[c] ?? c).replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
}

const HTML: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML content or an attribute. */
export function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}

const BOLD = /\*\*([^*\n]+)\*\*/g;

/**
 * The message's Markdown bold (`**clock**`, as the tool's texts write it) in another format's
 * terms: `*$1*` for Slack's mrkdwn, `<strong>$1</strong>` for HTML, `$1` for plain text.
 */
export function convertBold(text: string, replacement: "*$1*" | "<strong>$1</strong>" | "$1"): string {
  return text.replace(BOLD, replacement);
}

/** `text` on one line (runs of white space, line breaks too, become one space), at most `max` characters. */
export function oneLine(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, " ").trim(), max);
}

/** `text` cut to at most `max` characters (code points, so no surrogate pair is split), ending in `…` when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** `text` cut to at most `maxBytes` bytes of UTF-8, on a character boundary, ending in `…` when cut. */
export function truncateBytes(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  let bytes = 3; // the ellipsis
  let out = "";
  for (const char of text) {
    const size = encoder.encode(char).length;
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += char;
  }
  return `${out}…`;
}

/** The issue's address when it is an http(s) URL (the only links a message carries), else undefined. */
export function issueLink(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
