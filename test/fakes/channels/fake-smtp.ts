/**
 * A real SMTP server on loopback (the `smtp-server` package) for e-mail channels: it offers
 * STARTTLS with a self-signed certificate for localhost and 127.0.0.1 kept beside this file
 * (valid to 2126; the package's own expired in 2025 — a test key, never used elsewhere) and allows AUTH only once the connection is
 * encrypted (as mail providers do), checks the user and password, and keeps each mail with its
 * envelope, whether it came over TLS, and its parsed headers and text parts.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { type ParsedMail, parseMail } from "./parse-mail.ts";

export interface ReceivedMail extends ParsedMail {
  from: string;
  to: string[];
  /** Whether the mail came over an encrypted connection (STARTTLS). */
  secure: boolean;
  /** Who logged in. */
  user: string | undefined;
  raw: string;
}

export interface FakeSmtp {
  /** `smtp://user:password@127.0.0.1:<port>` for the channel's variable. */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** The server's certificate (PEM), for the sender's `smtp.tls.ca`. */
  readonly ca: string;
  readonly mails: ReceivedMail[];
  /** Logins refused. */
  readonly refusedLogins: string[];
  /** Answer the next `count` mails with an SMTP error (`451 Try again later`, `550 No such user`). */
  failNext(code: number, text: string, count?: number): void;
  close(): Promise<void>;
}

/** Start the server. */
export async function startFakeSmtp(options: { user?: string; password?: string; /** false: a server without TLS, which then allows AUTH in clear. */ starttls?: boolean } = {}): Promise<FakeSmtp> {
  const user = options.user ?? "shepherd";
  const password = options.password ?? "p@ss w0rd:/";
  const tls = { key: readFileSync(new URL("localhost-key.pem", import.meta.url), "utf8"), cert: readFileSync(new URL("localhost-cert.pem", import.meta.url), "utf8") };
  const mails: ReceivedMail[] = [];
  const refusedLogins: string[] = [];
  const failures: { code: number; text: string }[] = [];
  const server = new SMTPServer({
    ...tls,
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: options.starttls === false,
    ...(options.starttls === false ? { disabledCommands: ["STARTTLS"] } : {}),
    disableReverseLookup: true,
    logger: false,
    size: 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user: auth.username });
      refusedLogins.push(String(auth.username));
      return callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const failure = failures.shift();
        if (failure !== undefined) return callback(Object.assign(new Error(failure.text), { responseCode: failure.code }));
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
        mails.push({ ...parseMail(raw), from, to: session.envelope.rcptTo.map((r) => r.address), secure: session.secure, user: session.user as string | undefined, raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    user,
    password,
    ca: tls.cert,
    mails,
    refusedLogins,
    failNext: (code, text, count = 1) => {
      for (let i = 0; i < count; i++) failures.push({ code, text });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
