import type { WebSocketPath } from '../model/websocket-path.js';

/**
 * What a lint run produces. Formatters (src/report/) and the fix writer (src/bosh/patch/) read
 * these; rules create them through the engine's `report()`.
 */

export type Severity = 'error' | 'warn' | 'info';

/**
 * How every output names a severity (stylish, JSON, JUnit, the rule list, the README):
 * ESLint's and SARIF's words. The config accepts these and the short `warn`/`info`.
 */
export const SEVERITY_NAMES: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warn: 'warning', info: 'note' };

/** A text range, 1-based. `endLine`/`endCol` are absent where only the start is known. */
export interface Location {
  file: string;
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
}

export interface RelatedLocation {
  location: Location;
  message: string;
}

/** One go-patch op, as written in an ops-file. `value` is plain YAML data. */
export interface FixOp {
  type: 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
  absent?: boolean;
}

export interface Fix {
  /** Why this change fixes the finding: written as a comment above the op. */
  description: string;
  ops: FixOp[];
}

export interface Finding {
  ruleId: string;
  /**
   * The deployment the finding belongs to (a `deployments:` name of the config, or the
   * manifest as given on the command line); set by the engine, never by a rule.
   */
  deployment?: string;
  ruleName: string;
  severity: Severity;
  /** A file that could not be read or parsed (rule id `fatal`): the run exits 2. */
  fatal?: true;
  messageId: string;
  message: string;
  /** Where to look; absent only when the finding is about something missing everywhere. */
  location?: Location;
  /** The go-patch path of the manifest value the finding is about (through `name=` selectors). */
  path?: string;
  related: RelatedLocation[];
  /** A safe change, as ops (`--fix` writes these). */
  fix?: Fix;
  /** A change that needs judgement: text only. */
  suggestion?: string;
  /** The WebSocket path the finding is about, its failing hop marked with this rule's id. */
  websocketPath?: WebSocketPath;
}
