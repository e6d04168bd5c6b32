/**
 * What the audit reports for one issue. On its own so that the run summary, which reads these
 * reports, need not import the audit that makes them.
 */
import type { ClockReport, PlanNotice } from "../core/plan.ts";
import type { ReportedOperation } from "./apply-plan.ts";

/** One issue of an audit: its state, clocks, and the operations planned or applied. */
export interface IssueReport {
  id: string;
  title: string;
  url?: string;
  state: "open" | "closed";
  priority: string;
  priorityInferred: boolean;
  category?: string | undefined;
  clocks: ClockReport[];
  operations: ReportedOperation[];
  /** What the plan says beyond operations (an escalation level with nobody to reach). */
  notices?: PlanNotice[];
  /** Outside the rules' scope: left alone (`ignored`) or labels and priority only (`quiet`); absent when in it. */
  scope?: "ignored" | "quiet";
}
