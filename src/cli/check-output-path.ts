/**
 * Check that an output file named on the command line (`--report`, `--out`) can be written before
 * anything is read or applied: a run that did its work and then lost its output would leave no
 * record of it. Each problem is a usage error that names the option, the path and what to do.
 */
import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError, type CliIO } from "./io.ts";

/** What the option writes, for its messages: `the JSON report`, and a file name to suggest. */
export interface OutputFile {
  writes: string;
  example: string;
}

const errorCode = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** The absolute path of `value` (relative to the working folder) once it is writable; undefined without the option. */
export function checkOutputPath(option: string, value: string | undefined, io: CliIO, file: OutputFile): string | undefined {
  if (value === undefined) return undefined;
  const named = `${option} ${value}`;
  if (value === "") throw new UsageError(`${option}: expected a file to write ${file.writes} to, found an empty path`);
  const path = resolve(io.cwd, value);
  const folder = dirname(path);
  try {
    if (!statSync(folder).isDirectory()) throw new UsageError(`${named}: expected a folder at ${folder}, found a file; choose a path inside an existing folder`);
    accessSync(folder, constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") throw new UsageError(`${named}: expected an existing folder ${folder}, found none; create it first or choose another path`);
    throw new UsageError(`${named}: expected a folder this process can write to, found ${folder} not writable (${String(errorCode(error) ?? error)}); choose another path`);
  }
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${named}: expected a file name, found a folder at ${path}; add a file name such as ${value.replace(/\/?$/, `/${file.example}`)}`);
    accessSync(path, constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (errorCode(error) !== "ENOENT") throw new UsageError(`${named}: expected a file this process can overwrite, found ${path} not writable; choose another path`);
  }
  return path;
}
