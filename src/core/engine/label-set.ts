/**
 * Labels as trackers compare them: case-insensitively (GitHub treats `Needs-Info` and
 * `needs-info` as one label). Keeps each label's spelling as found on the issue.
 */
export interface LabelSet {
  has(label: string): boolean;
  add(label: string): void;
  delete(label: string): void;
  /** The label as spelled on the issue (or as added), if present. */
  spelling(label: string): string | undefined;
  values(): IterableIterator<string>;
}

export function createLabelSet(labels: Iterable<string>): LabelSet {
  const byKey = new Map<string, string>();
  for (const label of labels) byKey.set(label.toLowerCase(), label);
  return {
    has: (label) => byKey.has(label.toLowerCase()),
    add: (label) => {
      if (!byKey.has(label.toLowerCase())) byKey.set(label.toLowerCase(), label);
    },
    delete: (label) => {
      byKey.delete(label.toLowerCase());
    },
    spelling: (label) => byKey.get(label.toLowerCase()),
    values: () => byKey.values(),
  };
}
