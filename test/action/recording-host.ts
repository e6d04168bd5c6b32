/** An ActionHost that records what the Action says (notices, errors, outputs, summary) for tests. */
import type { ActionHost } from "../../src/action/action-host.ts";

export interface HostRecord {
  host: ActionHost;
  notices: string[];
  warnings: string[];
  /** Where each warning was annotated (a file's line), in the order of `warnings`. */
  warningPlaces: (Parameters<ActionHost["warning"]>[1] | undefined)[];
  errors: string[];
  failed: string[];
  outputs: Record<string, string>;
  summary: string[];
}

export function recordingHost(env: Record<string, string>, now = Date.now()): HostRecord {
  const record: HostRecord = { notices: [], warnings: [], warningPlaces: [], errors: [], failed: [], outputs: {}, summary: [], host: undefined as unknown as ActionHost };
  record.host = {
    env,
    now: () => now,
    info: () => {},
    debug: () => {},
    notice: (m) => record.notices.push(m),
    warning: (m, place) => {
      record.warnings.push(m);
      record.warningPlaces.push(place);
    },
    error: (m) => record.errors.push(m),
    setFailed: (m) => record.failed.push(m),
    setOutput: (name, value) => (record.outputs[name] = value),
    writeSummary: (markdown) => {
      record.summary.push(markdown);
      return Promise.resolve();
    },
  };
  return record;
}
