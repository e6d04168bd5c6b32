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

// Labels come from a small vocabulary: remember their folded form (bounded).
const folded = new Map<string, string>();
function fold(label: string): string {
  let key = folded.get(label);
  if (key === undefined) {
    key = label.toLowerCase();
    if (folded.size > 10_000) folded.clear();
    folded.set(label, key);
  }
  return key;
}

export function createLabelSet(labels: Iterable<string>): LabelSet {
  const byKey = new Map<string, string>();
  for (const label of labels) byKey.set(fold(label), label);
  return {
    has: (label) => byKey.has(fold(label)),
    add: (label) => {
      const key = fold(label);
      if (!byKey.has(key)) byKey.set(key, label);
    },
    delete: (label) => {
      byKey.delete(fold(label));
    },
    spelling: (label) => byKey.get(fold(label)),
    values: () => byKey.values(),
  };
}
