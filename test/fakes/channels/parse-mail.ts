/**
 * Just enough MIME (RFC 5322 / 2045–2047) to read back what an SMTP client sent in a test:
 * headers unfolded and their encoded words decoded, multipart bodies split on their boundary,
 * parts decoded from quoted-printable or base64. Not a general mail parser.
 */

export interface ParsedMail {
  /** Header names in lower case; a repeated header keeps its first value. */
  headers: Map<string, string>;
  /** The decoded text/plain part. */
  text?: string;
  /** The decoded text/html part. */
  html?: string;
}

/** `=?UTF-8?Q?…?=` and `=?UTF-8?B?…?=` words decoded. */
export function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=(\s+(?==\?))?/g, (_all, _charset: string, encoding: string, data: string) =>
    encoding.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")),
  );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i] ?? "", "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.indexOf("\r\n\r\n");
  const head = end === -1 ? raw : raw.slice(0, end);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body: end === -1 ? "" : raw.slice(end + 4) };
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  return body;
}

function collect(raw: string, into: ParsedMail): void {
  const { headers, body } = splitHeaders(raw);
  const type = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary !== undefined) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith("--")) break;
      collect(part.replace(/^\r\n/, ""), into);
    }
    return;
  }
  const text = decodeBody(headers, body).replace(/\r\n/g, "\n").replace(/\n$/, "");
  if (/^text\/html/i.test(type)) into.html ??= text;
  else if (/^text\/plain/i.test(type)) into.text ??= text;
}

/** The headers and text parts of a raw message. */
export function parseMail(raw: string): ParsedMail {
  const mail: ParsedMail = { headers: splitHeaders(raw).headers };
  collect(raw, mail);
  return mail;
}
