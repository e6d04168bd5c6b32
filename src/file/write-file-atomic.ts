/**
 * Replace a file atomically: write a temporary file next to it, then rename it over the
 * original, so that a crash or a full disk never leaves a half-written snapshot.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";

/** The file operations used, injectable for tests. */
export interface AtomicWriteFs {
  writeFile(path: string, data: string, encoding: "utf8"): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
}

export async function writeFileAtomic(path: string, data: string, files: AtomicWriteFs = fs): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await files.writeFile(temporary, data, "utf8");
    await files.rename(temporary, path);
  } catch (error) {
    await files.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
