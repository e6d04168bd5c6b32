/**
 * YAML aliases that cannot be expanded — one naming no anchor before it, or an alias bomb
 * ("billion laughs") — explained as located diagnostics instead of a crash.
 */
import { isAlias, isPair, isScalar, isSeq, visit, type Node } from "yaml";
import { dottedPath, type Diagnostic, type SourceFile } from "./diagnostics.ts";

/** Copies aliases may make in all (yaml's own measure); more is an alias bomb, not a rule file. */
export const MAX_ALIAS_COUNT = 100;

/** The rule path of a YAML node, from the ancestors `visit` gives. */
export function rulePathOf(ancestors: readonly unknown[], node: unknown): (string | number)[] {
  const chain = [...ancestors, node];
  const path: (string | number)[] = [];
  for (let i = 0; i < chain.length - 1; i++) {
    const here = chain[i];
    const next = chain[i + 1];
    if (isPair(here)) {
      if (next !== here.value) break;
      path.push(String(isScalar(here.key) ? here.key.value : here.key));
    } else if (isSeq(here)) {
      path.push(here.items.indexOf(next));
    }
  }
  return path;
}

/** Located problems for a document whose aliases cannot be expanded (`toJS` threw `error`). */
export function explainAliasError(source: SourceFile, error: unknown): Diagnostic[] {
  const anchors = new Map<string, Node>();
  const aliases: { source: string; range: [number, number, number] | undefined; path: (string | number)[]; target: Node | undefined }[] = [];
  visit(source.doc, {
    Node(_key, node, ancestors) {
      if (isAlias(node)) {
        aliases.push({ source: node.source, range: node.range ?? undefined, path: rulePathOf(ancestors, node), target: anchors.get(node.source) });
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });
  const at = (alias: (typeof aliases)[number] | undefined, message: string): Diagnostic => {
    const pos = alias?.range ? source.lines.linePos(alias.range[0]) : { line: 1, col: 1 };
    return { file: source.file, line: pos.line, col: pos.col, path: dottedPath(alias?.path ?? []), message };
  };
  const unresolved = aliases.filter((a) => a.target === undefined);
  if (unresolved.length > 0) {
    return unresolved.map((a) => at(a, `expected an alias of an anchor set above it, found *${a.source} with no &${a.source} before it`));
  }
  if (error instanceof ReferenceError && /alias count/i.test(error.message)) {
    // Copies multiply where an alias names a value that itself holds aliases.
    let nested: (typeof aliases)[number] | undefined;
    for (const a of aliases) {
      let holdsAlias = false;
      if (a.target) visit(a.target, { Alias: () => ((holdsAlias = true), visit.BREAK) });
      if (holdsAlias) {
        nested = a;
        break;
      }
    }
    const culprit = nested ?? aliases[0];
    return [
      at(
        culprit,
        `expected aliases to make at most ${MAX_ALIAS_COUNT} copies in all, found *${culprit?.source ?? "?"} multiplying copies beyond that (refused: this is how a YAML "billion laughs" attack works)`,
      ),
    ];
  }
  return [at(undefined, `expected YAML whose values can be read, found: ${error instanceof Error ? error.message : String(error)}`)];
}
