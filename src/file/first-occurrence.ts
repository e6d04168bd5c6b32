/**
 * The first occurrence of each key across a snapshot's issues, in document order, kept up to date
 * as single issues change: what a fresh scan of the whole snapshot would return, without one.
 */

/** What one issue holds: its first value per key, in the order a scan meets them. */
export type Contribution<V> = Map<string, V>;

function push(heap: number[], value: number): void {
  heap.push(value);
  let at = heap.length - 1;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if ((heap[parent] ?? 0) <= value) break;
    heap[at] = heap[parent] ?? 0;
    at = parent;
  }
  heap[at] = value;
}

function pop(heap: number[]): void {
  const last = heap.pop();
  if (last === undefined || heap.length === 0) return;
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child = right < heap.length && (heap[right] ?? 0) < (heap[left] ?? 0) ? right : left;
    if ((heap[child] ?? 0) >= last) break;
    heap[at] = heap[child] ?? 0;
    at = child;
  }
  heap[at] = last;
}

/**
 * Built on first use from every issue, then refreshed one issue at a time. Each key keeps a
 * min-heap of the issues that hold it (stale entries are dropped when they reach the top), so a
 * look-up and a refresh cost the size of one issue, not of the snapshot.
 */
export class FirstOccurrence<V> {
  private readonly perIssue: (Contribution<V> | undefined)[] = [];
  private readonly holders = new Map<string, number[]>();
  private built = false;
  /** Changes whenever any key's first value may have changed, for callers that cache a listing. */
  version = 0;

  private readonly count: () => number;
  private readonly contribute: (index: number) => Contribution<V>;

  /** `count` is the number of issues; `contribute` reads what one issue holds. */
  constructor(count: () => number, contribute: (index: number) => Contribution<V>) {
    this.count = count;
    this.contribute = contribute;
  }

  /** Index every issue, once. */
  ensure(): void {
    if (this.built) return;
    this.built = true;
    const count = this.count();
    for (let index = 0; index < count; index++) this.store(index, this.contribute(index));
  }

  private store(index: number, next: Contribution<V>): void {
    const before = this.perIssue[index];
    this.perIssue[index] = next;
    for (const [key, value] of next) {
      if (before?.get(key) === value) continue;
      this.version++;
      if (before?.has(key) === true) continue;
      let heap = this.holders.get(key);
      if (heap === undefined) this.holders.set(key, (heap = []));
      push(heap, index);
    }
    for (const key of before?.keys() ?? []) if (!next.has(key)) this.version++;
  }

  /** Read one issue again after it changed; nothing to do until the index is first used. */
  refresh(index: number): void {
    if (this.built && index < this.count()) this.store(index, this.contribute(index));
  }

  /** The issue that first holds the key, or -1. */
  private firstHolder(key: string): number {
    const heap = this.holders.get(key);
    if (heap === undefined) return -1;
    while (heap.length > 0 && this.perIssue[heap[0] ?? 0]?.has(key) !== true) pop(heap);
    if (heap.length === 0) {
      this.holders.delete(key);
      return -1;
    }
    return heap[0] ?? -1;
  }

  /** The first value for the key in document order. */
  get(key: string): V | undefined {
    this.ensure();
    const index = this.firstHolder(key);
    return index === -1 ? undefined : this.perIssue[index]?.get(key);
  }

  /** Every key's first value, ordered by where it first occurs (keys an issue holds, in its order). */
  list(): V[] {
    this.ensure();
    const firsts: { index: number; order: number; value: V }[] = [];
    for (const key of [...this.holders.keys()]) {
      const index = this.firstHolder(key);
      const contribution = index === -1 ? undefined : this.perIssue[index];
      if (contribution === undefined) continue;
      const order = [...contribution.keys()].indexOf(key);
      firsts.push({ index, order, value: contribution.get(key) as V });
    }
    return firsts.sort((a, b) => a.index - b.index || a.order - b.order).map((first) => first.value);
  }
}
