/**
 * Reading a request's body up to a limit, the same for every route: a body that comes in one
 * chunk (most do) is passed on as it is, without a copy; one that grows past the limit is no longer
 * kept, and `onTooLarge` answers, once. A client that goes away mid-body gets no answer: there is
 * nobody to send it to.
 */
import type { IncomingMessage } from "node:http";

const EMPTY = Buffer.alloc(0);
/** A request's error (the client went away) needs no answer; shared, not made per request. */
const ignore = (): void => undefined;

export function readBody(request: IncomingMessage, limit: number, onBody: (body: Buffer) => void, onTooLarge: () => void): void {
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let size = 0;
  let over = false;
  request.on("data", (chunk: Buffer) => {
    if (over) return;
    size += chunk.length;
    if (size > limit) {
      over = true;
      first = more = undefined;
      onTooLarge();
      return;
    }
    if (first === undefined) first = chunk;
    else (more ??= [first]).push(chunk);
  });
  request.on("end", () => {
    if (!over) onBody(more !== undefined ? Buffer.concat(more, size) : (first ?? EMPTY));
  });
  request.on("error", ignore);
}
