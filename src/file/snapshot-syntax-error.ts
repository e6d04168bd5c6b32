/** A snapshot file that is not JSON; `offset` is the byte where reading it noticed. */
export class SnapshotSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
    this.name = "SnapshotSyntaxError";
  }
}
