/**
 * A writer process for the kill test: replaces `path` with ever new versions through
 * writeFileAtomic until it is killed. Each version is JSON that says how long it must be, so a torn
 * file is recognisable. Prints "ready" once before the first write.
 */
import { writeFileAtomic } from "../../src/file/write-file-atomic.ts";

const [path = "", sizeText = "1000000"] = process.argv.slice(2);
const size = Number(sizeText);
process.stdout.write("ready\n");
for (let version = 1; ; version++) {
  await writeFileAtomic(path, JSON.stringify({ version, size, fill: String(version % 10).repeat(size) }));
}
