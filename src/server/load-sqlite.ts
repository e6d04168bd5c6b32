/**
 * Node's built-in SQLite (`node:sqlite`), loaded without its ExperimentalWarning: Node 24 releases
 * before the module was declared stable print one on stderr when it is first loaded, which a
 * server's operators would read as a fault. Only that warning is held back; any other warning
 * emitted meanwhile goes through as usual.
 */
type Sqlite = typeof import("node:sqlite");

let loaded: Sqlite | undefined;

export function loadSqlite(): Sqlite {
  if (loaded !== undefined) return loaded;
  const emitWarning = Reflect.get(process, "emitWarning") as (...args: unknown[]) => void;
  const filtered = (warning: string | Error, ...rest: unknown[]): void => {
    const text = typeof warning === "string" ? warning : warning.message;
    const type = typeof rest[0] === "string" ? rest[0] : typeof rest[0] === "object" && rest[0] !== null ? (rest[0] as { type?: unknown }).type : undefined;
    const kind = warning instanceof Error ? warning.name : type;
    if (kind === "ExperimentalWarning" && /sqlite/i.test(text)) return;
    Reflect.apply(emitWarning, process, [warning, ...rest]);
  };
  Reflect.set(process, "emitWarning", filtered);
  try {
    loaded = process.getBuiltinModule("node:sqlite");
  } finally {
    Reflect.set(process, "emitWarning", emitWarning);
  }
  return loaded;
}
