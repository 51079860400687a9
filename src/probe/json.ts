import { failedStep, verdictOf, type ProbeResult } from './result.js';

/**
 * Machine-readable probe results. Absent values are `null`, so every object has the same
 * keys; `ok` at the top is the exit status in data form.
 */
export default function json(results: readonly ProbeResult[]): string {
  const output = {
    ok: results.every((result) => result.ok),
    probes: results.map((result) => ({
      label: result.label,
      url: result.url,
      connect: result.connect ?? null,
      ok: result.ok,
      verdict: verdictOf(result),
      failedStep: failedStep(result)?.step ?? null,
      steps: result.steps.map((step) => ({
        step: step.step,
        ok: step.ok,
        durationMs: step.durationMs,
        detail: step.detail,
        warning: step.warning ?? null,
        facts: step.facts,
      })),
    })),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
