/**
 * A small made-up tracker format for the snapshot store's tests: entries `{id, title, tags?}`
 * keyed by id, a header `project` it checks, and a catalog of the tags in use and the largest id.
 */
import { arrayOf, type Check, integer, objectWith, string } from "../../src/core/json-checks.ts";
import type { SnapshotFormat } from "../../src/file/snapshot-store.ts";

export interface NoteEntry {
  id: number;
  title: string;
  tags?: string[];
  [more: string]: unknown;
}

export interface NoteCatalog {
  tags: string[];
  maxId: number;
  /** The header the fold was given, to see that it was the whole one. */
  headerKeys: string[];
}

const entry: Check = objectWith({ id: integer, title: string, tags: arrayOf(string) }, ["id", "title"]);

/** The made-up format; `tracker` may be renamed to make a second one. */
export function noteFormat(tracker = "notes"): SnapshotFormat<NoteEntry, NoteCatalog> {
  return {
    tracker,
    check(value, path) {
      const problems: string[] = [];
      entry(value, path, problems);
      return problems;
    },
    keyOf: (value) => String(value.id),
    checkHeader(header) {
      return typeof header.project === "string" ? [] : [`project: expected a project name, found ${JSON.stringify(header.project) ?? "nothing"}`];
    },
    catalog(header) {
      const tags = new Set<string>();
      let maxId = 0;
      return {
        add(value) {
          for (const tag of value.tags ?? []) tags.add(tag);
          maxId = Math.max(maxId, value.id);
        },
        result: () => ({ tags: [...tags].sort(), maxId, headerKeys: Object.keys(header) }),
      };
    },
  };
}
