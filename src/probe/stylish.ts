import { paint, type Paint } from '../util/ansi.js';
import { escapeText } from '../util/escape.js';
import { failedStep, verdictOf, type ProbeResult, type StepName, type StepResult } from './result.js';

const STEP_TITLES: Record<StepName, string> = {
  dns: 'DNS',
  tcp: 'TCP connect',
  tls: 'TLS',
  websocket: 'WebSocket upgrade',
  hold: 'idle hold',
};

/**
 * For a terminal: each endpoint with its steps in aligned columns (mark, step, duration,
 * what was seen), then one summary line per endpoint that names the failed step.
 */
export default function stylish(results: readonly ProbeResult[], color: boolean): string {
  const p = paint(color);
  const blocks = results.map((result) => [heading(result, p), ...stepLines(result.steps, p)].join('\n'));
  const summaries = results.map((result) => summary(result, p));
  return `${blocks.join('\n\n')}\n\n${summaries.join('\n')}\n`;
}

function heading(result: ProbeResult, p: Paint): string {
  const via = result.connect ? p.dim(` via ${escapeText(result.connect)}`) : '';
  return `${p.bold(escapeText(result.label))}  ${p.underline(escapeText(result.url))}${via}`;
}

function stepLines(steps: readonly StepResult[], p: Paint): string[] {
  const titleWidth = Math.max(...Object.values(STEP_TITLES).map((title) => title.length));
  const durations = steps.map((step) => formatDuration(step.durationMs));
  const durationWidth = Math.max(...durations.map((duration) => duration.length));
  return steps.flatMap((step, i) => {
    const mark = step.ok ? p.cyan('✔') : step.facts.verdict === 'inconclusive' ? p.yellow('?') : p.red('✖');
    const line = `  ${mark} ${STEP_TITLES[step.step].padEnd(titleWidth)}  ${p.dim((durations[i] as string).padStart(durationWidth))}  ${escapeText(step.detail)}`;
    return step.warning ? [line, `    ${p.yellow('⚠')} ${escapeText(step.warning)}`] : [line];
  });
}

function summary(result: ProbeResult, p: Paint): string {
  const failed = failedStep(result);
  if (failed && verdictOf(result) === 'inconclusive') return `${p.yellow('?')} ${escapeText(result.label)}: inconclusive: ${escapeText(failed.detail.replace(/; inconclusive: .*$/, ''))}; ${INCONCLUSIVE_SUMMARY}`;
  if (failed) return `${p.red('✖')} ${escapeText(result.label)}: ${STEP_TITLES[failed.step]} failed: ${escapeText(failed.detail)}`;
  const held = result.steps.find((step) => step.step === 'hold');
  return `${p.cyan('✔')} ${escapeText(result.label)}: WebSocket upgrade succeeded${held ? `, ${escapeText(held.detail)}` : ''}`;
}

const INCONCLUSIVE_SUMMARY = 'the request got through, but whether the load balancer passes the Upgrade is unproven';

/** Milliseconds under a second, seconds above, so a 60 s idle close reads as such. */
function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
