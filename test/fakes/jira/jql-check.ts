/**
 * The fake's JQL check: a small parser for the JQL the tests send (clauses `field op value`
 * joined by AND/OR, NOT, parentheses, lists, functions, ORDER BY) that answers a query Jira would
 * refuse with Jira's own wording — positions counted as Jira counts them, `(line L, character C)`,
 * 1-based, in the query as sent.
 */

/** Fields the fake's site has (system fields the tests name). */
const FIELDS = new Set(
  ["project", "statuscategory", "status", "resolved", "resolution", "created", "updated", "labels", "key", "issuekey", "priority", "assignee", "reporter", "text", "summary", "type", "issuetype", "component"],
);
const OPERATORS = ["!=", ">=", "<=", "!~", "=", ">", "<", "~"];
const WORD_OPERATORS = ["not in", "is not", "in", "is", "was", "changed"];

interface Token {
  text: string;
  at: number;
  quoted: boolean;
}

function tokens(jql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const char = jql[i] ?? "";
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if (char === '"' || char === "'") {
      let end = i + 1;
      while (end < jql.length && jql[end] !== char) end += jql[end] === "\\" ? 2 : 1;
      out.push({ text: jql.slice(i, end + 1), at: i, quoted: true });
      i = end + 1;
      continue;
    }
    const operator = OPERATORS.find((op) => jql.startsWith(op, i));
    if (operator !== undefined) {
      out.push({ text: operator, at: i, quoted: false });
      i += operator.length;
      continue;
    }
    if ("(),".includes(char)) {
      out.push({ text: char, at: i, quoted: false });
      i++;
      continue;
    }
    let end = i;
    while (end < jql.length && !/[\s"'(),!=<>~]/.test(jql[end] ?? "")) end++;
    out.push({ text: jql.slice(i, end), at: i, quoted: false });
    i = end;
  }
  return out;
}

function position(jql: string, at: number): string {
  const before = jql.slice(0, at);
  const line = before.split("\n").length;
  return `(line ${line}, character ${at - before.lastIndexOf("\n")})`;
}

/** Jira's error message for a query it would refuse, or undefined for one it accepts. */
export function jqlProblem(jql: string): string | undefined {
  const list = tokens(jql);
  let index = 0;
  const peek = (): Token | undefined => list[index];
  const word = (token: Token | undefined, text: string): boolean => token !== undefined && !token.quoted && token.text.toLowerCase() === text;
  const fail = (expected: string): string => {
    const token = peek();
    return token === undefined ? `Error in the JQL Query: Expecting ${expected} before the end of the query.` : `Error in the JQL Query: Expecting ${expected} but got '${token.text}'. ${position(jql, token.at)}`;
  };

  function value(): string | undefined {
    const token = peek();
    if (token === undefined || token.text === ")" || token.text === ",") return fail("either a value, list or function");
    index++;
    if (token.text === "(") {
      for (;;) {
        const problem = value();
        if (problem !== undefined) return problem;
        if (peek()?.text === ",") index++;
        else if (peek()?.text === ")") return void index++;
        else return fail("')'");
      }
    }
    if (peek()?.text === "(") {
      index++;
      while (peek() !== undefined && peek()?.text !== ")") index++;
      if (peek() === undefined) return fail("')'");
      index++;
    }
    return undefined;
  }

  function clause(): string | undefined {
    if (word(peek(), "not")) index++;
    const token = peek();
    if (token?.text === "(") {
      index++;
      const problem = expression();
      if (problem !== undefined) return problem;
      if (peek()?.text !== ")") return fail("')'");
      index++;
      return undefined;
    }
    if (token === undefined || token.text === ")") return fail("a field name");
    const name = token.quoted ? token.text.slice(1, -1) : token.text;
    index++;
    const next = peek();
    const operator =
      next !== undefined && OPERATORS.includes(next.text)
        ? 1
        : WORD_OPERATORS.map((op) => op.split(" ")).find((parts) => parts.every((part, k) => word(list[index + k], part)))?.length;
    if (operator === undefined) return fail("operator");
    if (!FIELDS.has(name.toLowerCase()) && !/^cf\[\d+\]$/i.test(name)) return `Field '${name}' does not exist or you do not have permission to view it.`;
    index += operator;
    return value();
  }

  function expression(): string | undefined {
    for (;;) {
      const problem = clause();
      if (problem !== undefined) return problem;
      if (word(peek(), "and") || word(peek(), "or")) index++;
      else return undefined;
    }
  }

  if (list.length === 0) return undefined;
  if (!(word(peek(), "order") && word(list[index + 1], "by"))) {
    const problem = expression();
    if (problem !== undefined) return problem;
  }
  if (peek() === undefined) return undefined;
  if (word(peek(), "order") && word(list[index + 1], "by")) return undefined;
  return fail("either 'OR' or 'AND'");
}
