/** What the CLI gets from its entry file: streams, environment and working directory. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface Colours {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

/** ANSI colours only on a terminal, and never with NO_COLOR set. */
export function coloursFor(stream: { isTTY?: boolean }, env: CliIO["env"]): Colours {
  const on = stream.isTTY === true && env["NO_COLOR"] === undefined && env["TERM"] !== "dumb";
  const wrap = (code: number, reset: number) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[${reset}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39) };
}

/** A usage or input problem: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
