/** The few SGR styles the terminal formats use; every one is the identity when colour is off. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  underline(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const identity = (text: string): string => text;

function sgr(open: number, close: number): (text: string) => string {
  return (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}

export function paint(color: boolean): Paint {
  if (!color) {
    return { bold: identity, dim: identity, underline: identity, red: identity, yellow: identity, cyan: identity };
  }
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    underline: sgr(4, 24),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

/**
 * Whether to colour a stream: `--color`/`--no-color` first, then FORCE_COLOR as Node's
 * tty.getColorDepth reads it ('', '1', '2', '3', 'true' force colour; any other value
 * turns it off), then NO_COLOR (no-color.org: set and non-empty) and TERM=dumb, then
 * whether the stream is a terminal.
 */
export function colorEnabled(flag: boolean | undefined, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
