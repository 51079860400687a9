/** Runs one probe step: times it, bounds it, and turns whatever it throws into a one-line result. */
import type { FactValue, StepName, StepResult } from './result.js';

/** What a step that succeeded hands on: a value for the next step, and what to report. */
export interface Outcome<T> {
  value: T;
  detail: string;
  facts: Record<string, FactValue>;
  warning?: string;
}

/** A failure the step has already put into words. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly facts: Record<string, FactValue> = {},
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

/** The step's time ran out; each step says what that means for it. */
export class StepTimeout extends Error {
  constructor(readonly seconds: number) {
    super(`timed out after ${seconds} s`);
    this.name = 'StepTimeout';
  }
}

export interface StepRun<T> {
  result: StepResult;
  /** Present exactly when the step succeeded. */
  value?: T;
}

/**
 * Runs `body` within the time limit (none for `undefined`). A StepFailure is reported as
 * worded; `explain` words anything else (a Node socket error, a StepTimeout). Nothing
 * escapes: a probe reports a failed step, it never throws.
 */
export async function runStep<T>(
  step: StepName,
  timeoutSeconds: number | undefined,
  body: () => Promise<Outcome<T>>,
  explain: (error: unknown) => string,
): Promise<StepRun<T>> {
  const started = performance.now();
  const durationMs = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const outcome = await (timeoutSeconds === undefined ? body() : withTimeout(body(), timeoutSeconds));
    const result: StepResult = { step, ok: true, durationMs: durationMs(), detail: outcome.detail, facts: outcome.facts };
    if (outcome.warning) result.warning = outcome.warning;
    return { result, value: outcome.value };
  } catch (error) {
    const failure = error instanceof StepFailure;
    return {
      result: {
        step,
        ok: false,
        durationMs: durationMs(),
        detail: failure ? error.message : explain(error),
        facts: failure ? error.facts : errorFacts(error),
      },
    };
  }
}

function withTimeout<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(seconds)), seconds * 1000);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function errorFacts(error: unknown): Record<string, FactValue> {
  if (error instanceof StepTimeout) return { timeoutSeconds: error.seconds };
  const code = errorCode(error);
  return code ? { errorCode: code } : {};
}

/** The `code` of a Node system or OpenSSL error, when it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
