import { describe, expect, it } from "vitest";
import { readActionInputs } from "../../src/action/read-action-inputs.ts";

const runner = {
  GITHUB_EVENT_NAME: "schedule",
  GITHUB_EVENT_PATH: "/tmp/event.json",
  GITHUB_REPOSITORY: "acme/support",
  GITHUB_API_URL: "https://ghe.example.com/api/v3",
  GITHUB_GRAPHQL_URL: "https://ghe.example.com/api/graphql",
  "INPUT_GITHUB-TOKEN": "ghs_x",
};

describe("readActionInputs", () => {
  it("reads the runner environment and the defaults", () => {
    expect(readActionInputs(runner)).toEqual({
      problems: [],
      inputs: {
        rulesPath: ".github/shepherd.yml",
        token: "ghs_x",
        dryRun: false,
        maxWrites: null,
        eventName: "schedule",
        eventPath: "/tmp/event.json",
        repository: "acme/support",
        apiUrl: "https://ghe.example.com/api/v3",
        graphqlUrl: "https://ghe.example.com/api/graphql",
      },
    });
  });

  it("reads rules, dry-run and max-writes", () => {
    const { inputs } = readActionInputs({ ...runner, INPUT_RULES: " .github/rules/ ", "INPUT_DRY-RUN": "True", "INPUT_MAX-WRITES": "25" });
    expect(inputs).toMatchObject({ rulesPath: ".github/rules/", dryRun: true, maxWrites: 25 });
  });

  it("falls back to api.github.com", () => {
    const { inputs } = readActionInputs({ ...runner, GITHUB_API_URL: "", GITHUB_GRAPHQL_URL: "" });
    expect(inputs).toMatchObject({ apiUrl: "https://api.github.com", graphqlUrl: undefined });
  });

  it("collects every problem", () => {
    expect(readActionInputs({ "INPUT_DRY-RUN": "maybe", "INPUT_MAX-WRITES": "-1" }).problems).toEqual([
      'input dry-run: expected true or false, found "maybe"',
      'input max-writes: expected a whole number of writes (0 or more), found "-1"',
      "input github-token is empty: pass ${{ github.token }} or a GitHub App token",
      'GITHUB_REPOSITORY: expected OWNER/REPO, found ""',
      "GITHUB_EVENT_NAME is not set: run this inside a GitHub Actions job (or set it as a runner would)",
    ]);
  });
});
