/**
 * The ceiling of the webhook benchmark: the least a Node server can do for a delivery — read the
 * body, check its signature in constant time, answer 202 with a length-framed JSON body, as
 * `shepherd serve` does. Same port, loopback and client as `shepherd serve` in the benchmark;
 * prints `{"url": …, "pid": …}` once listening.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const secret = process.env.JIRA_WEBHOOK_SECRET ?? "";
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const expected = createHmac("sha256", secret).update(Buffer.concat(chunks)).digest();
    const given = Buffer.from(String(request.headers["x-hub-signature"] ?? "").replace(/^sha256=/, ""), "hex");
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    // Framed as `shepherd serve` frames its answers (a length, not chunks), so both write alike.
    const text = ok ? '{"status":"accepted"}' : '{"error":"bad signature"}';
    response.writeHead(ok ? 202 : 401, { "content-type": "application/json", "content-length": String(text.length) });
    response.end(text);
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid })}\n`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
