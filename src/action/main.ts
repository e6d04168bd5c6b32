/**
 * Entry of the GitHub Action (bundled into dist/index.js): wires the runner — environment, clock,
 * fetch, @actions/core — into runAction and sets the exit code. No logic here.
 */
import * as core from "@actions/core";
import { runAction } from "./run-action.ts";

process.exitCode = await runAction({
  env: process.env,
  now: () => Date.now(),
  fetch: globalThis.fetch,
  info: (message) => core.info(message),
  debug: (message) => core.debug(message),
  notice: (message) => core.notice(message),
  warning: (message, place) => core.warning(message, place),
  error: (message, place) => core.error(message, place),
  setFailed: (message) => core.setFailed(message),
  setOutput: (name, value) => core.setOutput(name, value),
  writeSummary: async (markdown) => {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write();
  },
});
