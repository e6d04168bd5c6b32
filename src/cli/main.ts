/**
 * The `shepherd` command: validate, schema, plan, audit, explain, report, archive, test, serve.
 * Exit codes: 0 done, 1 some operations failed, 2 invalid rules or usage.
 */
import { parseArgs } from "node:util";
import { isTrackerError } from "../core/tracker.ts";
import { runArchive } from "./commands/archive.ts";
import { runAuditCommand, runPlanCommand } from "./commands/audit.ts";
import { runExplain } from "./commands/explain.ts";
import { runReport } from "./commands/report.ts";
import { runSchema } from "./commands/schema.ts";
import { runServe } from "./commands/serve.ts";
import { runTest } from "./commands/test.ts";
import { runValidate } from "./commands/validate.ts";
import { UsageError, type CliIO } from "./io.ts";
import type { CliOptions } from "./options.ts";

const HELP = `shepherd — run a support process on GitHub Issues and Jira from YAML rule files

Usage:
  shepherd validate [PATH…]                      check rule files (default .github/shepherd.yml)
  shepherd schema                                print the JSON Schema of rule files
  shepherd plan    --rules PATH --tracker T [--now ISO] [--json] [--report FILE] [--jql JQL] [ISSUE…]
  shepherd audit   --rules PATH --tracker T [--now ISO] [--dry-run] [--json] [--report FILE] [--max-writes N] [--jql JQL]
  shepherd explain --rules PATH --tracker T [--now ISO] [--json] ISSUE
  shepherd report  --rules PATH --tracker T --from YYYY-MM-DD --to YYYY-MM-DD [--format md|json|csv|html] [--out FILE] [--now ISO] [--jql JQL]
                                                 the periodic review (dates in the rules' calendar zone, --to included)
  shepherd archive --rules PATH --tracker T --out DIR [--since DATE] [--now ISO] [--jql JQL]
                                                 the knowledge base of solved cases (Markdown per case, index, cases.json)
  shepherd test    [PATH…]                       run rule tests (*.test.yml; default .github/shepherd.test.yml)
  shepherd serve   [--rules PATH] [--port N] [--host H] [--store FILE | --queue postgres://…]
                                                 the webhook server: Jira (--rules, JIRA_*), a GitHub App (GITHUB_APP_*), or both

Trackers: file:PATH (a snapshot), github:OWNER/REPO (GITHUB_TOKEN, GITHUB_API_URL), jira (JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN).
  audit --tracker github-app [--repos OWNER/A,OWNER/B]: every repository a GitHub App is installed on (GITHUB_APP_ID,
  GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_PATH), each with its own .github/shepherd.yml, else the organisation's
  .github repository's, else --rules (optional); --max-writes is one budget for the whole run.
--now ISO: evaluate at that instant (a date, a time and a zone: 2026-03-11T10:00:00+08:00); issues created later are left out.
Exit codes: 0 done, 1 some operations failed (or the report could not be written), 2 invalid rules or usage
(including a snapshot file, issue or repository that does not exist).
`;

const OPTIONS = {
  rules: { type: "string" },
  tracker: { type: "string" },
  now: { type: "string" },
  json: { type: "boolean" },
  "dry-run": { type: "boolean" },
  report: { type: "string" },
  "max-writes": { type: "string" },
  jql: { type: "string" },
  repos: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  store: { type: "string" },
  queue: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  since: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;


export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    const options = values as CliOptions;
    switch (command) {
      case "validate":
        return runValidate(positionals, io);
      case "schema":
        return runSchema(io);
      case "plan":
        return await runPlanCommand(options, positionals, io);
      case "audit":
        return await runAuditCommand(options, io);
      case "explain":
        return await runExplain(options, positionals, io);
      case "report":
        return await runReport(options, positionals, io);
      case "archive":
        return await runArchive(options, positionals, io);
      case "test":
        return runTest(positionals, io);
      case "serve":
        return await runServe(options, io);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}: expected validate, schema, plan, audit, explain, report, archive, test or serve (see shepherd --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      io.stderr.write(`shepherd: ${error.message}\n`);
      return 2;
    }
    if (isTrackerError(error)) {
      io.stderr.write(`shepherd: ${error.message}\n`);
      // Something the user named that is not there or not valid (a snapshot path, an issue, a
      // repository) is a usage problem; auth, rate limits and outages are failures of the run.
      return error.kind === "invalid" || error.kind === "not-found" ? 2 : 1;
    }
    // A bug: say so plainly, with the stack for the report.
    io.stderr.write(`shepherd: internal error — please report it with the text below.\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
