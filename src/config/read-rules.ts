/**
 * Rules from disk: a file, or a folder of rule files (*.yml / *.yaml, merged in name order;
 * rule tests, *.test.yml, are not rule files). Presets are found by name in the package's own
 * `rules/` folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadRules, type LoadResult, type RuleSourceIO } from "../core/rules/load-rules.ts";
import { countryHolidayLookup } from "./country-holidays.ts";
import { RULE_FORMAT } from "./trackers.ts";

/** The package's `rules/` folder: found upwards from this file, so it works from src/ and from dist/. */
export function presetDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "rules", "support.yml"))) return join(dir, "rules");
    dir = dirname(dir);
  }
  return undefined;
}

/** Show paths relative to the working directory, as editors and CI annotations expect. */
const display = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") ? path : rel;
};

function diskIO(now: number): RuleSourceIO {
  const presets = presetDir();
  return {
    countryHolidays: countryHolidayLookup(now),
    read(path) {
      try {
        return readFileSync(resolve(path), "utf8");
      } catch {
        return undefined;
      }
    },
    resolve(ref, from) {
      if (/^[\w-]+$/.test(ref)) {
        const preset = presets === undefined ? undefined : join(presets, `${ref}.yml`);
        return preset !== undefined && existsSync(preset) ? display(preset) : undefined;
      }
      return display(isAbsolute(ref) ? ref : join(dirname(resolve(from)), ref));
    },
  };
}

/** The rule files a --rules path names: the file itself, or a folder's YAML files. */
export function ruleFilesAt(path: string): string[] {
  try {
    if (statSync(path).isDirectory()) {
      return readdirSync(path)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => join(path, f));
    }
  } catch {
    // Reported by loadRules as a missing file.
  }
  return [path];
}

/** Is this a rule-test file (`*.test.yml`), which sits next to rule files but is not one? */
export const isRuleTestFile = (path: string): boolean => /\.test\.ya?ml$/.test(path);

/**
 * Load rules from a file or folder. A folder's files are combined as if the last one extended
 * the others; each is also reported on its own. `now` is the instant the rules are used at: a
 * country's holiday data that ends before its year is a warning.
 */
export function readRules(path: string, now: number = Date.now()): LoadResult {
  const io = diskIO(now);
  const all = ruleFilesAt(path);
  // A folder's rule tests are not rules; a file named explicitly is read as given.
  const files = all.length === 1 && all[0] === path ? all : all.filter((f) => !isRuleTestFile(f));
  if (files.length === 1) return loadRules(display(files[0] as string), io, RULE_FORMAT);
  if (files.length === 0) {
    return { diagnostics: [{ file: path, line: 1, col: 1, path: "", message: "expected rule files (*.yml, not *.test.yml) in this folder, found none" }] };
  }
  // A virtual entry that extends every file of the folder in order.
  const entry = join(path, "<folder>");
  return loadRules(entry, {
    read: (p) => (p === entry ? `extends: [${files.map((f) => JSON.stringify(resolve(f))).join(", ")}]\n` : io.read(p)),
    resolve: (ref, from) => (from === entry ? display(ref) : io.resolve(ref, from)),
    countryHolidays: io.countryHolidays,
  }, RULE_FORMAT);
}

/**
 * Load rules from text that is not on disk (a repository's `.github/shepherd.yml` read through
 * GitHub's API): `name` is how diagnostics locate it (`OWNER/REPO:.github/shepherd.yml`). Presets
 * extend by name as from a file; other files cannot be reached from such a text.
 */
export function readRulesText(name: string, text: string, now: number = Date.now()): LoadResult {
  const io = diskIO(now);
  return loadRules(name, {
    read: (p) => (p === name ? text : io.read(p)),
    // From the text, presets only; a preset's own references resolve as from disk.
    resolve: (ref, from) => (from !== name || /^[\w-]+$/.test(ref) ? io.resolve(ref, from) : undefined),
    countryHolidays: io.countryHolidays,
  }, RULE_FORMAT);
}
