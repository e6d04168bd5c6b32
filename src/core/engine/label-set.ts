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
  /** The labels as compared: in lower case. */
  keys(): IterableIterator<string>;
}

// Labels come from a small vocabulary: remember their folded form (bounded).
const folded = new Map<string, string>();

/** `label.toLowerCase()`, remembered: labels repeat across issues and evaluations. */
export function foldLabel(label: string): string {
  return fold(label);
}

function fold(label: string): string {
  let key = folded.get(label);
  if (key === undefined) {
    key = label.toLowerCase();
    if (folded.size > 10_000) folded.clear();
    folded.set(label, key);
  }
  return key;
}

/** One map from folded label to spelling; methods on the prototype, none allocated per set. */
class FoldedLabelSet implements LabelSet {
  private readonly byKey = new Map<string, string>();

  constructor(labels: Iterable<string>) {
    for (const label of labels) this.byKey.set(fold(label), label);
  }

  has(label: string): boolean {
    return this.byKey.has(fold(label));
  }

  add(label: string): void {
    const key = fold(label);
    if (!this.byKey.has(key)) this.byKey.set(key, label);
  }

  delete(label: string): void {
    this.byKey.delete(fold(label));
  }

  spelling(label: string): string | undefined {
    return this.byKey.get(fold(label));
  }

  values(): IterableIterator<string> {
    return this.byKey.values();
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }
}

export function createLabelSet(labels: Iterable<string>): LabelSet {
  return new FoldedLabelSet(labels);
}
