import { expect, it } from "vitest";

// The product runs on Node 24 (runs.using: node24); the tests must too. npm puts the Node 24
// that `npm ci` installs (the `node` dev dependency) first on PATH for `npm test`.
it("runs on Node 24 or later", () => {
  expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(24);
});
