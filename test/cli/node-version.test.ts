/** `bin/shepherd.js` started by a Node older than 24 (the system's /usr/bin/node on many machines). */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));

/** The first Node older than 24 this machine has outside node_modules, if any. */
function olderNode(): { path: string; version: string } | undefined {
  for (const path of ["/usr/bin/node", "/usr/local/bin/node", "/bin/node"]) {
    if (!existsSync(path)) continue;
    const version = execFileSync(path, ["--version"], { encoding: "utf8" }).trim().replace(/^v/, "");
    if (Number(version.split(".")[0]) < 24) return { path, version };
  }
  return undefined;
}

const older = olderNode();

describe("shepherd on an older Node", () => {
  it.skipIf(older === undefined)("says which Node it needs and found, and what to run instead; no stack, exit 2", () => {
    const { path, version } = older as { path: string; version: string };
    const result = spawnSync(path, [bin, "validate", "rules/support.yml"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`shepherd needs Node 24 or newer, found ${version} (${path})`);
    // This checkout was installed with `npm ci`, which brings Node 24 in node_modules/.bin.
    expect(result.stderr).toContain("npx shepherd");
    expect(result.stderr).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|\n\s+at /);
    expect(result.stdout).toBe("");
  });

  it("runs on the Node 24 of node_modules/.bin as before", () => {
    const result = spawnSync(process.execPath, [bin, "validate", "rules/support.yml"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
