/**
 * ADF → Markdown-ish plain text, so that Jira descriptions and comments read like GitHub issue
 * bodies to the core: headings become `### Heading` lines (section parsing), lists `- item`,
 * task lists `- [x] item`, code blocks fenced. Marks (bold, links, …) are dropped. Unknown node
 * types are not an error: their text and content are read as far as they go.
 */
import type { AdfNode } from "./adf-types.ts";

const INLINE = new Set([
  "text",
  "mention",
  "emoji",
  "hardBreak",
  "inlineCard",
  "status",
  "date",
  "placeholder",
  "mediaInline",
  "inlineExtension",
]);

const asNode = (value: unknown): AdfNode | undefined =>
  typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"
    ? (value as AdfNode)
    : undefined;

const children = (node: AdfNode): AdfNode[] =>
  Array.isArray(node.content) ? node.content.flatMap((child) => asNode(child) ?? []) : [];

const attr = (node: AdfNode, name: string): unknown =>
  typeof node.attrs === "object" && node.attrs !== null ? node.attrs[name] : undefined;

const attrText = (node: AdfNode, name: string): string | undefined => {
  const value = attr(node, name);
  return typeof value === "string" && value !== "" ? value : undefined;
};

/**
 * Nesting deeper than this is read as plain text. People nest lists a few levels; a document
 * nested 100,000 levels deep (the API accepts it) would overflow the stack, and every list or
 * quote level re-indents all the text below it, so the work grows with depth times length.
 */
const MAX_DEPTH = 32;

/** Text of a subtree without recursion: text and inline leaves in order, blocks on lines of their own. */
function flatText(root: AdfNode): string {
  const parts: string[] = [];
  // Whether the text so far ends a line: asked of a growing string, it would be copied each time.
  let atLineStart = true;
  const stack: AdfNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const kids = children(node);
    if (kids.length === 0) {
      const text = node.type === "text" || !isInline(node) ? (typeof node.text === "string" ? node.text : "") : renderInlineNode(node, MAX_DEPTH);
      if (text !== "") {
        parts.push(text);
        atLineStart = text.endsWith("\n");
      }
    } else if (!isInline(node) && !atLineStart) {
      parts.push("\n");
      atLineStart = true;
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AdfNode);
  }
  return parts.join("").trim();
}

function renderInlineNode(node: AdfNode, depth: number): string {
  if (depth > MAX_DEPTH) return flatText(node);
  switch (node.type) {
    case "text":
      return typeof node.text === "string" ? node.text : "";
    case "hardBreak":
      return "\n";
    case "mention": {
      const name = attrText(node, "text") ?? attrText(node, "displayName") ?? attrText(node, "id") ?? "";
      return name.startsWith("@") ? name : `@${name}`;
    }
    case "emoji":
      return attrText(node, "text") ?? attrText(node, "shortName") ?? "";
    case "inlineCard":
      return attrText(node, "url") ?? "";
    case "status":
      return attrText(node, "text") ?? "";
    case "date": {
      const timestamp = Number(attr(node, "timestamp"));
      return Number.isFinite(timestamp) ? new Date(timestamp).toISOString().slice(0, 10) : "";
    }
    default:
      return typeof node.text === "string" ? node.text : renderInline(children(node), depth + 1);
  }
}

function renderInline(nodes: readonly AdfNode[], depth: number): string {
  return nodes.map((node) => renderInlineNode(node, depth)).join("");
}

const indent = (text: string, prefix: string): string =>
  text
    .split("\n")
    .map((line) => (line === "" ? line : prefix + line))
    .join("\n");

/** A list item: its first line after the bullet, further lines (nested lists) indented under it. */
function renderItem(bullet: string, content: readonly AdfNode[], depth: number): string {
  const text = content.every(isInline)
    ? renderInline(content, depth)
    : content
        .map((node) => renderBlock(node, depth))
        .filter((part) => part.trim() !== "")
        .join("\n");
  const [first = "", ...rest] = text.split("\n");
  return [`${bullet}${first}`.trimEnd(), ...rest.map((line) => (line === "" ? line : " ".repeat(bullet.length) + line))].join(
    "\n",
  );
}

function renderList(node: AdfNode, depth: number): string {
  const start = Number(attr(node, "order"));
  let number = Number.isInteger(start) && start > 0 ? start : 1;
  return children(node)
    .map((item) => {
      if (item.type === "taskList" || item.type === "bulletList" || item.type === "orderedList") {
        return indent(renderBlock(item, depth + 1), "  ");
      }
      if (item.type === "taskItem") {
        return renderItem(attr(item, "state") === "DONE" ? "- [x] " : "- [ ] ", children(item), depth + 1);
      }
      const bullet = node.type === "orderedList" ? `${number++}. ` : "- ";
      return renderItem(bullet, children(item), depth + 1);
    })
    .filter((line) => line !== "")
    .join("\n");
}

function isInline(node: AdfNode): boolean {
  return INLINE.has(node.type);
}

function renderBlock(node: AdfNode, depth: number): string {
  if (depth > MAX_DEPTH) return flatText(node);
  const below = depth + 1;
  switch (node.type) {
    case "paragraph":
      return renderInline(children(node), below);
    case "heading":
      return `### ${renderInline(children(node), below)}`;
    case "bulletList":
    case "orderedList":
    case "taskList":
    case "decisionList":
      return renderList(node, depth);
    case "codeBlock": {
      const language = attrText(node, "language") ?? "";
      return `\`\`\`${language}\n${renderInline(children(node), below)}\n\`\`\``;
    }
    case "blockquote":
      return renderBlocks(children(node), below)
        .split("\n")
        .map((line) => (line === "" ? ">" : `> ${line}`))
        .join("\n");
    case "rule":
      return "---";
    case "table":
      return children(node)
        .map((row) => `| ${children(row).map((cell) => renderBlocks(children(cell), below + 1).replaceAll("\n", " ")).join(" | ")} |`)
        .join("\n");
    case "blockCard":
    case "embedCard":
      return attrText(node, "url") ?? "";
    case "media":
    case "mediaSingle":
    case "mediaGroup":
      return renderBlocks(children(node).filter((child) => child.type !== "media"), below);
    default:
      if (isInline(node)) return renderInlineNode(node, depth);
      return typeof node.text === "string" && children(node).length === 0 ? node.text : renderBlocks(children(node), below);
  }
}

/** Blocks separated by blank lines; runs of inline nodes (in unknown containers) form a paragraph. */
function renderBlocks(nodes: readonly AdfNode[], depth: number): string {
  const parts: string[] = [];
  let inline: AdfNode[] = [];
  const flush = (): void => {
    if (inline.length > 0) parts.push(renderInline(inline, depth));
    inline = [];
  };
  for (const node of nodes) {
    if (isInline(node)) {
      inline.push(node);
      continue;
    }
    flush();
    parts.push(renderBlock(node, depth));
  }
  flush();
  return parts.filter((part) => part.trim() !== "").join("\n\n");
}

/**
 * Render an ADF document (or any node) as plain text. Anything that is not an ADF node gives
 * the empty string; a string is returned as it is (Jira v2 and some custom fields send text).
 */
export function adfToText(value: unknown): string {
  if (typeof value === "string") return value;
  const node = asNode(value);
  if (node === undefined) return "";
  return (node.type === "doc" ? renderBlocks(children(node), 1) : renderBlock(node, 0)).trim();
}
