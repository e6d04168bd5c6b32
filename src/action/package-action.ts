/**
 * Bundle the Action: src/action/main.ts and everything it imports → dist/index.js (ESM, Node 24,
 * not minified, so that the committed file can be read and reviewed); and the CLI,
 * src/cli/main.ts → dist/cli.js, which `bin/shepherd.js` runs when the package is installed as a
 * dependency (Node does not strip types inside node_modules). `--check` rebuilds in memory and
 * compares with the committed bundles instead: exit 1 when dist/ is stale (CI).
 *
 *   npm run package      # rebuild dist/
 *   npm run check:dist   # fail when dist/ is not what the sources build
 *   node src/action/package-action.ts --out DIR   # build into DIR (tests of uncommitted sources)
 */
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const BUNDLES = [
  { entry: "src/action/main.ts", out: "dist/index.js" },
  { entry: "src/cli/main.ts", out: "dist/cli.js" },
];

const outAt = process.argv.indexOf("--out");
const outDir = outAt >= 0 ? process.argv[outAt + 1] : undefined;
if (outAt >= 0 && (outDir === undefined || outDir === "")) {
  console.error("--out: expected a folder to write the bundles to, found none");
  process.exit(2);
}

for (const { entry, out } of BUNDLES) {
  const outfile = outDir === undefined ? join(root, out) : join(resolve(outDir), out);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    outfile,
    write: false,
    metafile: true,
    minify: false,
    legalComments: "inline",
    logLevel: "warning",
    // CommonJS dependencies call require(); ESM bundles have none unless given one.
    banner: { js: "import { createRequire as __shepherdCreateRequire } from 'node:module';\nconst require = __shepherdCreateRequire(import.meta.url);" },
  });
  const bundle = result.outputFiles.find((file) => file.path === outfile)?.text ?? "";

  if (process.argv.includes("--check")) {
    const committed = existsSync(outfile) ? readFileSync(outfile, "utf8") : "";
    if (committed !== bundle) {
      console.error(`${out} is stale: run \`npm run package\` and commit dist/.`);
      process.exitCode = 1;
    } else {
      console.log(`${out} is up to date.`);
    }
  } else {
    mkdirSync(dirname(outfile), { recursive: true });
    writeFileSync(outfile, bundle);
    console.log(`wrote ${out} (${Math.round(bundle.length / 1024)} KiB)`);
    // CI rebuilds from the committed sources: a bundle of uncommitted edits will read as stale there.
    const sources = Object.keys(result.metafile.inputs).filter((path) => path.startsWith("src/"));
    const dirty = outDir !== undefined ? "" : spawnSync("git", ["status", "--porcelain", "--", ...sources], { cwd: root, encoding: "utf8" }).stdout?.trim();
    if (dirty) console.warn(`warning: ${out} includes uncommitted changes; commit them with dist/:\n${dirty}`);
  }
}
