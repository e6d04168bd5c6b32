/**
 * A parsed YAML document → its plain value (texts, numbers, booleans, null, lists, mappings),
 * or located problems for what has no plain value: aliases that cannot be expanded, a list or
 * mapping used as a key, the key `__proto__` (JavaScript reads it as the object's prototype, so
 * the setting would vanish) and values tagged as timestamps, binary data, sets or ordered maps.
 */
import { isAlias, isCollection, isScalar, visit, type Node } from "yaml";
import { dottedPath, type Diagnostic, type SourceFile } from "./diagnostics.ts";
import { explainAliasError, MAX_ALIAS_COUNT, rulePathOf } from "./explain-alias-error.ts";

/** Tags of collections that do not read as a plain list or mapping. */
const ODD_COLLECTIONS: Readonly<Record<string, string>> = {
  "tag:yaml.org,2002:set": "!!set",
  "tag:yaml.org,2002:omap": "!!omap",
  "tag:yaml.org,2002:pairs": "!!pairs",
};

const isPlainScalar = (value: unknown) => value === null || ["string", "number", "boolean"].includes(typeof value);

/** What a tagged scalar reads as, in the words of its tag. */
const oddScalar = (value: unknown): string => (value instanceof Date ? "a !!timestamp" : value instanceof Uint8Array ? "a !!binary" : `a ${typeof value}`);

/** Problems no schema can see: they change or lose the value before it is checked. */
function unreadable(source: SourceFile): Diagnostic[] {
  const anchors = new Map<string, Node>();
  const out: Diagnostic[] = [];
  const at = (node: { range?: [number, number, number] | null | undefined }, path: (string | number)[], message: string) => {
    const pos = node.range ? source.lines.linePos(node.range[0]) : { line: 1, col: 1 };
    out.push({ file: source.file, line: pos.line, col: pos.col, path: dottedPath(path), message });
  };
  visit(source.doc, {
    Pair(_key, pair, ancestors) {
      const key = pair.key;
      if (key === null || isScalar(key)) {
        if (isScalar(key) && key.value === "__proto__") {
          at(key, [...rulePathOf(ancestors, pair), "__proto__"], 'expected a name other than "__proto__" (it cannot be a key here), found "__proto__"; choose another name');
        }
        return undefined;
      }
      // An alias of a plain name reads as that name.
      if (isAlias(key) && isScalar(anchors.get(key.source))) return undefined;
      const what = isAlias(key) ? `the alias *${key.source} of a list or mapping` : "a list or mapping";
      at(key as Node, rulePathOf(ancestors, pair), `expected a name as key, found ${what}; write the key as plain text`);
      // Its content is a key, not a setting: nothing in it needs checking.
      return visit.SKIP;
    },
    Node(_key, node, ancestors) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target !== undefined && ancestors.includes(target)) {
          at(node, rulePathOf(ancestors, node), `expected an alias of a value it is not part of, found *${node.source} inside the &${node.source} it names (a copy of itself that never ends); use another anchor or write the value out`);
        }
        return;
      }
      if (node.anchor) anchors.set(node.anchor, node);
      const path = () => rulePathOf(ancestors, node);
      if (isScalar(node) && !isPlainScalar(node.value)) {
        at(node, path(), `expected a text, number, true/false or null, found ${oddScalar(node.value)} value; remove the tag or quote the value`);
      } else if (isCollection(node) && node.tag !== undefined && ODD_COLLECTIONS[node.tag] !== undefined) {
        at(node, path(), `expected a plain list or mapping, found a ${ODD_COLLECTIONS[node.tag] as string} collection; remove the tag`);
      }
      return undefined;
    },
  });
  return out;
}

/** The plain value of a parsed YAML document (aliases expanded), or located problems. */
export function toPlainValue(source: SourceFile): { value: unknown } | { diagnostics: Diagnostic[] } {
  const problems = unreadable(source);
  if (problems.length > 0) return { diagnostics: problems };
  try {
    return { value: source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch (error) {
    return { diagnostics: explainAliasError(source, error) };
  }
}
