import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The layout's boundaries (docs/architecture.md), checked on every import of src/:
// - core is pure: its own files, zod, yaml and re2js, nothing else (no node:*, no SDK);
// - the adapters (github, jira, file, notify) import the core and their own SDK, never each other;
// - the shared application layers (audit, config, rule-tests, report) import the core only
//   (report also similar); similar imports the core and its ranking library, MiniSearch;
//   archive imports the core, zod and yaml (its front matter and cases.json);
// - the composition roots (action, server, cli) import anything below them;
// - nothing imports a composition root but the root's own files.
// no-restricted-imports sees the specifier as written, so a relative import leaves its layer
// exactly when it climbs one `../` more than the file's depth inside the layer; the blocks below
// are generated per depth so that this is exact.
const ADAPTERS = ["github", "jira", "file", "notify"];
const SHARED = ["audit", "config", "rule-tests", "report", "similar", "archive"];
const BELOW_ROOTS = ["core", ...SHARED, ...ADAPTERS];
/** Per layer: the other layers of src/ it may import, and the packages it must not. */
const LAYERS = {
  core: { imports: [], packages: "(?![./]|(?:zod|yaml|re2js)$)", what: "anything but its own files, zod, yaml and re2js" },
  github: { imports: ["core"], packages: "(?:jira\\.js|@actions/)", what: "another tracker's SDK or the Action toolkit" },
  jira: { imports: ["core"], packages: "(?:@octokit/|@actions/)", what: "another tracker's SDK or the Action toolkit" },
  file: { imports: ["core"], packages: "(?:@octokit/|jira\\.js|@actions/)", what: "a tracker's SDK or the Action toolkit" },
  notify: { imports: ["core"], packages: "(?:@octokit/|jira\\.js|@actions/)", what: "a tracker's SDK or the Action toolkit (it sends to chat, pager and mail providers only)" },
  audit: { imports: ["core", "similar"], packages: "(?![./])", what: "any package (it reaches trackers only through the core's Tracker port)" },
  report: { imports: ["core", "similar"], packages: "(?![./])", what: "any package (it reads issues only through the core's Tracker port)" },
  similar: { imports: ["core"], packages: "(?![./]|minisearch$)", what: "any package but its ranking library, minisearch" },
  archive: { imports: ["core"], packages: "(?![./]|(?:zod|yaml)$)", what: "any package but zod and yaml (it reads issues only through the core's Tracker port and writes through the files it is given)" },
  config: { imports: ["core"], packages: "(?:@octokit/|jira\\.js|@actions/)", what: "a tracker's SDK or the Action toolkit" },
  "rule-tests": { imports: ["core"], packages: "(?:@octokit/|jira\\.js|@actions/)", what: "a tracker's SDK or the Action toolkit" },
  action: { imports: BELOW_ROOTS, packages: "(?!)", what: "" },
  server: { imports: BELOW_ROOTS, packages: "(?!)", what: "" },
  cli: { imports: BELOW_ROOTS, packages: "(?!)", what: "" },
};
/**
 * Imports across a boundary that are known and allowed for now, as exact pairs (importing file →
 * specifier). Every entry is debt with a reason; a new crossing fails lint until it is fixed or
 * argued for here.
 */
const ALLOWED_CROSSINGS = {
  // `shepherd serve` starts the webhook server: the CLI is the process's entry and enters the
  // server's composition root for that one command.
  "src/cli/commands/serve.ts": ["../../server/start-server.ts"],
  // The one registration of trackers: the rule format is composed from each tracker's rule
  // settings, which import the core and zod only (no SDK), so every root that reads rules
  // through src/config gets the same format.
  "src/config/trackers.ts": ["../github/rule-settings.ts", "../jira/rule-settings.ts"],
};
/** Deepest folder nesting inside a layer that the generated blocks cover. */
const MAX_DEPTH = 6;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function boundaryBlocks() {
  const blocks = [];
  for (const [layer, rule] of Object.entries(LAYERS)) {
    const allowedLayers = rule.imports.map(escape).join("|");
    for (let depth = 0; depth <= MAX_DEPTH; depth += 1) {
      const files = [`src/${layer}/${"*/".repeat(depth)}*.ts`];
      const up = `(?:\\.\\./){${depth + 1}}`;
      const leaves = allowedLayers === "" ? `^${up}` : `^${up}(?!(?:${allowedLayers})/)`;
      const patterns = (except) => {
        const unless = except.length === 0 ? "" : `(?!(?:${except.map(escape).join("|")})$)`;
        return [
          {
            regex: `^${unless}${leaves.slice(1)}`,
            message: `src/${layer}/ may import ${rule.imports.length === 0 ? "only its own files" : `its own files and src/{${rule.imports.join(",")}}/ only`} (the layout in docs/architecture.md). Move what both need into the core, or pass it in from a composition root.`,
          },
          ...(rule.what === ""
            ? []
            : [{ regex: `^${rule.packages}`, message: `src/${layer}/ must not import ${rule.what} (the layout in docs/architecture.md).` }]),
        ];
      };
      blocks.push({ files, rules: { "no-restricted-imports": ["error", { patterns: patterns([]) }] } });
      for (const [file, specifiers] of Object.entries(ALLOWED_CROSSINGS)) {
        if (!file.startsWith(`src/${layer}/`) || file.split("/").length !== depth + 3) continue;
        blocks.push({ files: [file], rules: { "no-restricted-imports": ["error", { patterns: patterns(specifiers) }] } });
      }
    }
  }
  return blocks;
}

/**
 * The core names no tracker: it decides from what a tracker declares (its capabilities, its rule
 * settings in its own folder, registered in src/config/trackers.ts), never from its name. Any
 * word github or jira (any case) in an identifier, a key, a string, a template or a regular
 * expression of a src/core file is an error; comments are free. test/core/no-tracker-names.test.ts
 * proves each selector bites.
 */
const TRACKER_NAME = "/(github|jira)/i";
const TRACKER_MESSAGE = "src/core names no tracker: decide from Issue.capabilities, or declare the setting in the tracker's folder (its rule settings, registered in src/config/trackers.ts).";
export const NO_TRACKER_NAMES = [
  { selector: `Identifier[name=${TRACKER_NAME}]`, message: TRACKER_MESSAGE },
  { selector: `PrivateIdentifier[name=${TRACKER_NAME}]`, message: TRACKER_MESSAGE },
  { selector: `Literal[value=${TRACKER_NAME}]`, message: TRACKER_MESSAGE },
  { selector: `Literal[regex.pattern=${TRACKER_NAME}]`, message: TRACKER_MESSAGE },
  { selector: `TemplateElement[value.raw=${TRACKER_NAME}]`, message: TRACKER_MESSAGE },
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "schema/**", "coverage/**", ".shepherd-tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/restrict-template-expressions": "off",
    },
  },
  {
    files: ["**/*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: "readonly", console: "readonly" },
    },
  },
  ...boundaryBlocks(),
  { files: ["src/core/**/*.ts"], rules: { "no-restricted-syntax": ["error", ...NO_TRACKER_NAMES] } },
);
