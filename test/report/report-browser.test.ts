/**
 * The HTML review in a real browser: Debian's chromium (scripts/install-chromium.sh) opens the
 * page that `shepherd report --format html` wrote, headless and with no network, takes a
 * screenshot and dumps the DOM it rendered, whose text must carry the figures.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { marchSnapshot } from "./march-seed.ts";

const CHROMIUM = "/usr/bin/chromium";
const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "shepherd-report-html-"));

function chromium(...args: string[]) {
  const run = spawnSync(
    CHROMIUM,
    ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", `--user-data-dir=${join(dir, "profile")}`, "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", ...args],
    { encoding: "utf8", timeout: 90_000 },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("the HTML review in headless Chromium", () => {
  it("renders the four charts and the figures, loading nothing", { timeout: 180_000 }, () => {
    expect(existsSync(CHROMIUM), "chromium is missing: run scripts/install-chromium.sh").toBe(true);
    const snapshot = join(dir, "snapshot.json");
    writeFileSync(snapshot, marchSnapshot());
    const page = join(dir, "review.html");
    const report = spawnSync(
      process.execPath,
      [join(root, "bin/shepherd.js"), "report", "--rules", join(root, "rules/example.yml"), "--tracker", `file:${snapshot}`, "--from", "2026-03-01", "--to", "2026-03-31", "--now", "2026-04-01T12:00:00+08:00", "--format", "html", "--out", page],
      { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } },
    );
    expect(report.status, report.stderr).toBe(0);

    const url = pathToFileURL(page).href;
    const dom = chromium("--dump-dom", url);
    expect(dom.status, dom.stderr).toBe(0);
    const text = dom.stdout.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(dom.stdout.match(/<svg /g)?.length).toBe(4);
    for (const figure of ["Support review 2026-03-01 – 2026-03-31", "Created 12 before: 2", "Reopened 1 50% of closed", "SLA compliance by priority", "Breaches by category", "Resolution times", "Backlog by age", "first-response P2 10 7 3 70% 2 h 45 min 7 h 100%", "sam-ortiz 5 2 40%"]) {
      expect(text).toContain(figure);
    }

    const shot = join(dir, "review.png");
    const screenshot = chromium(`--screenshot=${shot}`, "--window-size=1200,1600", url);
    expect(screenshot.status, screenshot.stderr).toBe(0);
    const png = readFileSync(shot);
    expect(pngSize(png)).toEqual({ width: 1200, height: 1600 });
    // A blank page compresses to a few kilobytes; charts, tiles and tables do not.
    expect(png.length).toBeGreaterThan(40_000);
    // Nothing was asked of the network: the page's policy would log any load it blocked.
    expect(`${dom.stderr}${screenshot.stderr}`).not.toMatch(/violates the following Content Security Policy|ERR_NAME_NOT_RESOLVED/);
  });
});
