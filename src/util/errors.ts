import { escapeText } from './escape.js';
import type { SourcePos } from './source-pos.js';

/**
 * Bad input the user can fix: a missing file, a YAML syntax error, an ops-file that does
 * not apply. The CLI prints `file:line:col: message` on one line and exits 2; it never
 * shows a stack trace for these.
 */
export class InputError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  /** Items of a list the message announces (missing variables and where each is used), one line each. */
  readonly details: readonly ErrorDetail[];

  constructor(message: string, where?: Partial<SourcePos>, details: readonly ErrorDetail[] = []) {
    super(message);
    this.name = 'InputError';
    this.file = where?.file;
    this.line = where?.line;
    this.col = where?.col;
    this.details = details;
  }

  /**
   * One line: `file:line:col: message`, with as much of the location as is known; file names
   * and quoted values are escaped, so the line stays one line whatever they hold.
   */
  render(): string {
    const file = this.file === undefined ? undefined : escapeText(this.file);
    const place = [file, this.line, this.line !== undefined ? this.col : undefined].filter((p) => p !== undefined).join(':');
    // BOSH's own texts can span lines (bosh-cli indents nested causes); one line reads better here.
    const message = escapeText(this.message.split('\n').map((part) => part.trim()).filter(Boolean).join(' '));
    const head = place ? `${place}: ${message}` : message;
    // The items of a list the message announces, one line each (escaped: each stays one line).
    if (this.details.length === 0) return head;
    return [`${head}:`, ...this.details.map((detail) => `  ${detail.at ? `${positionText(detail.at)}: ` : ''}${escapeText(detail.message)}`)].join('\n');
  }
}

export interface ErrorDetail {
  message: string;
  at?: SourcePos;
}

function positionText(at: SourcePos): string {
  return `${escapeText(at.file)}:${at.line}:${at.col}`;
}
