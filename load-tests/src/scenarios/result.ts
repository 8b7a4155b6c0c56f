import type { Comparison, Integrity, RunSection, Target } from "../report/report.ts";

/** What a scenario hands to the report beside the run's metadata. */
export interface ScenarioResult {
  sections: RunSection[];
  comparisons: Comparison[];
  targets: Target[];
  integrity: Integrity | { skipped: string };
  notes: string[];
}

export function compare(name: string, ours: number, baseline: number, unit: string): Comparison {
  return { name, ours, baseline, unit, ratio: baseline > 0 ? ours / baseline : 0 };
}

export function lostTarget(i: Integrity | { skipped: string }): Target {
  return "skipped" in i
    ? {
        name: "zero lost acknowledged answers",
        target: "lost 0",
        measured: `not checked (${i.skipped})`,
        met: null,
      }
    : {
        name: "zero lost acknowledged answers",
        target: "lost 0",
        measured: `acked ${i.acked}, stored ${i.stored}, lost ${i.lost}`,
        met: i.lost === 0,
      };
}
