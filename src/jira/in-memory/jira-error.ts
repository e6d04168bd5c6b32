/** A refusal as Jira Cloud answers it: a status and `{ errorMessages, errors }`. */
export class JiraError extends Error {
  readonly status: number;
  readonly body: { errorMessages: string[]; errors: Record<string, string> };

  constructor(status: number, messages: string[], errors: Record<string, string> = {}) {
    super(messages.join("; ") || Object.values(errors).join("; "));
    this.status = status;
    this.body = { errorMessages: messages, errors };
  }
}

/** Jira's answer for an issue key or id it does not have (or may not show). */
export const noSuchIssue = (): JiraError => new JiraError(404, ["Issue does not exist or you do not have permission to see it."]);
