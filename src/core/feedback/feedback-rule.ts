/** The compiled `feedback:` section: the satisfaction survey on a completed closure, and what its answers do. */
export interface FeedbackRule {
  /** Ask at all (false: answers already given still count, no new survey is asked). */
  ask: boolean;
  /** Labels that record the answer: the one of the latest answer is on, the other off. */
  labels: { positive: string; negative: string };
  /** The follow-up clock (of kind `feedback`) a negative answer starts. */
  clock: string;
  /** Whom a negative answer mentions (the team lead): groups' names and people's ids. */
  mention: string[];
  /** The named field holding the tracker's own satisfaction answer (a rating or a word), if any. */
  field?: string | undefined;
  /** Does "not solved" reopen the issue? */
  reopen: boolean;
}

/** The hidden key of the survey of a cycle. */
export const surveyKey = (cycle: number): string => `feedback/survey/cycle-${cycle}`;

/** The hidden key of the notice of a negative answer in a cycle (it mentions the lead once). */
export const negativeKey = (cycle: number): string => `feedback/negative/cycle-${cycle}`;

const SURVEY_KEY = /^feedback\/survey\/cycle-(\d{1,6})$/;

/** The cycle a survey key stands for, or undefined for any other key. */
export function surveyCycle(key: string): number | undefined {
  const match = SURVEY_KEY.exec(key);
  return match ? Number(match[1]) : undefined;
}
