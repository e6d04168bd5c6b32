/**
 * CI check: no import cycle among the files of src/. Reads every import, re-export and dynamic
 * import (type-only ones too: a cycle of types still ties the modules' meaning together), finds
 * the strongly connected components of the graph and prints one cycle of each, with the lines
 * that close it. Exit 1 when there is a cycle. The folder boundaries themselves are checked by
 * ESLint (`no-restricted-imports` in eslint.config.js).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const root = resolve(import.meta.dirname, "..");
const srcDir = join(root, "src");

/** Every .ts file under `dir`, as absolute paths, in a stable order. */
function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

interface Edge {
  to: string;
  line: number;
}

const files = listSources(srcDir);
const known = new Set(files);
const graph = new Map<string, Edge[]>();
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const info = ts.preProcessFile(text, true, true);
  const edges: Edge[] = [];
  for (const ref of info.importedFiles) {
    // Only relative imports can reach another file of src/; packages and node:* cannot.
    if (!ref.fileName.startsWith(".")) continue;
    const to = resolve(dirname(file), ref.fileName);
    if (!known.has(to)) continue;
    edges.push({ to, line: text.slice(0, ref.pos).split("\n").length });
  }
  graph.set(file, edges);
}

// Tarjan's strongly connected components, iterative so that a deep chain cannot overflow the stack.
const index = new Map<string, number>();
const low = new Map<string, number>();
const onStack = new Set<string>();
const stack: string[] = [];
const components: string[][] = [];
let next = 0;
for (const start of files) {
  if (index.has(start)) continue;
  const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
  index.set(start, next);
  low.set(start, next);
  next += 1;
  stack.push(start);
  onStack.add(start);
  while (work.length > 0) {
    const frame = work[work.length - 1]!;
    const edges = graph.get(frame.node)!;
    if (frame.edge < edges.length) {
      const to = edges[frame.edge]!.to;
      frame.edge += 1;
      if (!index.has(to)) {
        index.set(to, next);
        low.set(to, next);
        next += 1;
        stack.push(to);
        onStack.add(to);
        work.push({ node: to, edge: 0 });
      } else if (onStack.has(to)) {
        low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
      }
      continue;
    }
    work.pop();
    const parent = work[work.length - 1];
    if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
    if (low.get(frame.node) === index.get(frame.node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      const selfImport = graph.get(frame.node)!.some((edge) => edge.to === frame.node);
      if (component.length > 1 || selfImport) components.push(component.sort());
    }
  }
}

/** One cycle through `start` inside `members` (breadth-first, so the shortest), as edges. */
function cycleThrough(start: string, members: Set<string>): { from: string; edge: Edge }[] {
  const cameFrom = new Map<string, { from: string; edge: Edge }>();
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head]!;
    for (const edge of graph.get(node)!) {
      if (!members.has(edge.to)) continue;
      if (edge.to === start) {
        const path = [{ from: node, edge }];
        let at = node;
        while (at !== start) {
          const step = cameFrom.get(at)!;
          path.unshift(step);
          at = step.from;
        }
        return path;
      }
      if (!cameFrom.has(edge.to)) {
        cameFrom.set(edge.to, { from: node, edge });
        queue.push(edge.to);
      }
    }
  }
  return [];
}

const name = (file: string): string => relative(root, file);
if (components.length === 0) {
  console.log(`No import cycle among ${files.length} files of src/.`);
} else {
  for (const component of components) {
    console.error(`Import cycle among ${component.length} file(s) of src/: ${component.map(name).join(", ")}`);
    for (const step of cycleThrough(component[0]!, new Set(component))) {
      console.error(`  ${name(step.from)}:${step.edge.line} imports ${name(step.edge.to)}`);
    }
  }
  console.error("Break each cycle: move what both sides need into a module that neither imports back, or pass it in.");
  process.exitCode = 1;
}
