/** What a probe observed, step by step; the renderers (stylish.ts, json.ts) read only this. */

export type StepName = 'dns' | 'tcp' | 'tls' | 'websocket' | 'hold';

export type FactValue = string | number | boolean | string[];

export interface StepResult {
  step: StepName;
  ok: boolean;
  durationMs: number;
  /** One line: what was seen (on success) or why it failed. */
  detail: string;
  /** Something the step let pass that the user should know (`--insecure` over a bad certificate). */
  warning?: string;
  /** The observations behind `detail`, for `--format json`. */
  facts: Record<string, FactValue>;
}

export interface ProbeResult {
  label: string;
  url: string;
  /** `host:port` the TCP connection went to, when `--connect` moved it. */
  connect?: string;
  ok: boolean;
  /** The steps that ran, in order; the last one is the failure when `ok` is false. */
  steps: StepResult[];
}

/** The step that failed, if any. */
export function failedStep(result: ProbeResult): StepResult | undefined {
  return result.steps.find((step) => !step.ok);
}

export type Verdict = 'passes' | 'fails' | 'inconclusive';

/**
 * `inconclusive` when the answer shows the request reached a server that checks credentials
 * before it looks at the Upgrade (verdict.ts): neither a pass nor a proven failure.
 */
export function verdictOf(result: ProbeResult): Verdict {
  if (result.ok) return 'passes';
  return failedStep(result)?.facts.verdict === 'inconclusive' ? 'inconclusive' : 'fails';
}
