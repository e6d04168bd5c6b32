/**
 * Where the knowledge base is written: files by their path inside the archive folder
 * (`cases/2026-03/payments-timeout-2026-03-42.md`, `README.md`, `cases.json`). The composition
 * root passes in the disk (atomic writes, folders created as needed); tests may pass memory.
 */
export interface ArchiveFiles {
  /** The file's text, or undefined when there is no such file. */
  read(path: string): Promise<string | undefined>;
  /** Replace the file's text as a whole: a reader never sees half of it. */
  write(path: string, text: string): Promise<void>;
}
