/**
 * Atlassian Document Format (ADF), the JSON that Jira Cloud REST v3 uses for rich text
 * (descriptions, comments, text custom fields). Only the shape that the readers rely on is typed:
 * a node has a type and maybe content, text, marks and attrs.
 */

export interface AdfNode {
  type: string;
  content?: AdfNode[];
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** The root node of a document. */
export interface AdfDoc extends AdfNode {
  type: "doc";
  version: 1;
  content: AdfNode[];
}

/** Is this value an ADF document (as opposed to a plain string or another object)? */
export function isAdfDoc(value: unknown): value is AdfDoc {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "doc" &&
    Array.isArray((value as { content?: unknown }).content)
  );
}
