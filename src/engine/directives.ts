import path from 'node:path';
import { ruleLookup, type RuleLookup } from './config/rule-lookup.js';
import type { Finding, Location } from '../rules/finding.js';
import type { Rule } from '../rules/rule.js';
import { directiveMissingReason, engineFinding, unknownRuleInDirective, unusedDirective, type SeveritySettings } from './engine-rules.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file';

/** One `# cf-ws-lint …` comment. */
export interface Directive {
  kind: DirectiveKind;
  file: string;
  /** 1-based line and column of the `#`; `endCol` is just past the end of the comment. */
  line: number;
  col: number;
  endCol: number;
  /** The rule ids it names, or 'all' when it names none. */
  ruleIds: string[] | 'all';
  /** Each rule as written, with its id when it names a known rule. */
  refs: { text: string; ruleId: string | undefined }[];
  /** Text after ` -- `. */
  reason?: string;
}

export interface DirectiveOptions {
  /** Report disable directives without a ` -- reason` (config `requireDirectiveReason`). */
  requireReason: boolean;
  /** The rules directives may name, by id or name. */
  rules: readonly Rule[];
  /** Severities of the engine rules (from resolveRuleSettings); their defaults otherwise. */
  severities?: SeveritySettings;
}

export interface DirectiveResult {
  /** Findings no directive covers. */
  findings: Finding[];
  suppressed: Finding[];
  /** Unused directives, missing reasons and unknown rules, as findings of the engine rules. */
  problems: Finding[];
}

/*
 * `#` starts a comment at the start of a line or after whitespace (YAML, haproxy.cfg, nginx,
 * HCL); longest kinds first so `disable` does not match `disable-line`.
 */
const DIRECTIVE = /(^|\s)#\s*cf-ws-lint\s+(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)(.*)$/;

/** Every directive in one file's text, its rules resolved by id or name. */
export function parseDirectives(file: string, text: string, lookup: RuleLookup): Directive[] {
  const directives: Directive[] = [];
  // Most files have no directive at all; a manifest is thousands of lines.
  if (!text.includes('cf-ws-lint')) return directives;
  text.split(/\r?\n/).forEach((lineText, index) => {
    const match = DIRECTIVE.exec(lineText);
    if (!match) return;
    const [, lead, kind, rest] = match as unknown as [string, string, DirectiveKind, string];
    const [list, ...reasonParts] = rest.split(/\s--(?:\s|$)/);
    const reason = reasonParts.join(' -- ').trim();
    const refs = (list ?? '')
      .split(/[\s,]+/)
      .filter((text) => text !== '')
      .map((text) => ({ text, ruleId: lookup(text)?.id }));
    directives.push({
      kind,
      file,
      line: index + 1,
      col: match.index + lead.length + 1,
      endCol: lineText.length + 1,
      // Naming only unknown rules must not widen the directive to every rule.
      ruleIds: refs.length === 0 ? 'all' : refs.flatMap((ref) => (ref.ruleId !== undefined ? [ref.ruleId] : [])),
      refs,
      ...(reason !== '' ? { reason } : {}),
    });
  });
  return directives;
}

/**
 * Applies inline suppressions, ESLint-style: a finding is suppressed when a directive in its
 * primary location's file covers that line for its rule. Related locations do not count (a
 * directive in an LB file does not silence a manifest finding that merely points there), and
 * findings without a location can only be silenced by config or the baseline.
 *
 * `fileTexts` keys must name files as the findings' locations do. Block directives apply
 * from their own line on; `disable-line` covers its own line only; `disable-file` may stand
 * anywhere. A directive is unused when it covered no finding (per rule it names).
 */
export function applyDirectives(findings: readonly Finding[], fileTexts: ReadonlyMap<string, string>, opts: DirectiveOptions): DirectiveResult {
  const lookup = ruleLookup(opts.rules);
  const problems: Finding[] = [];
  const report = (finding: Finding | undefined) => finding && problems.push(finding);
  const byFile = new Map<string, Directive[]>();

  for (const [file, text] of fileTexts) {
    const directives = parseDirectives(file, text, lookup);
    for (const directive of directives) {
      const at = directiveLocation(directive);
      for (const ref of directive.refs) {
        if (ref.ruleId === undefined) {
          report(engineFinding(unknownRuleInDirective, 'unknownRule', { rule: ref.text, kind: directive.kind }, at, opts.severities));
        }
      }
      if (opts.requireReason && directive.kind !== 'enable' && directive.reason === undefined) {
        report(engineFinding(directiveMissingReason, 'missingReason', { kind: directive.kind }, at, opts.severities));
      }
    }
    if (directives.length > 0) byFile.set(path.normalize(file), directives);
  }

  const used = new Map<Directive, Set<string>>();
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    const directives = finding.location && byFile.get(path.normalize(finding.location.file));
    const covering = directives ? coveringDirectives(directives, finding.ruleId, finding.location!.line) : [];
    if (covering.length === 0) {
      kept.push(finding);
      continue;
    }
    suppressed.push(finding);
    for (const directive of covering) used.set(directive, (used.get(directive) ?? new Set()).add(finding.ruleId));
  }

  for (const directives of byFile.values()) {
    for (const directive of directives) {
      if (directive.kind === 'enable') continue;
      const at = directiveLocation(directive);
      const usedRules = used.get(directive);
      if (directive.ruleIds === 'all') {
        if (!usedRules) report(engineFinding(unusedDirective, 'unused', { kind: directive.kind }, at, opts.severities));
        continue;
      }
      for (const ref of directive.refs) {
        if (ref.ruleId !== undefined && !usedRules?.has(ref.ruleId)) {
          report(engineFinding(unusedDirective, 'unusedRule', { kind: directive.kind, rule: ref.text }, at, opts.severities));
        }
      }
    }
  }

  return { findings: kept, suppressed, problems };
}

function directiveLocation(directive: Directive): Location {
  return { file: directive.file, line: directive.line, col: directive.col, endLine: directive.line, endCol: directive.endCol };
}

function appliesTo(directive: Directive, ruleId: string): boolean {
  return directive.ruleIds === 'all' || directive.ruleIds.includes(ruleId);
}

/** The directives (in one file, in line order) that silence `ruleId` on `line`. */
function coveringDirectives(directives: Directive[], ruleId: string, line: number): Directive[] {
  const covering: Directive[] = [];
  let block: Directive | undefined;
  for (const directive of directives) {
    if (!appliesTo(directive, ruleId)) continue;
    switch (directive.kind) {
      case 'disable-file':
        covering.push(directive);
        break;
      case 'disable-line':
        if (directive.line === line) covering.push(directive);
        break;
      case 'disable-next-line':
        if (directive.line + 1 === line) covering.push(directive);
        break;
      case 'disable':
      case 'enable':
        // The last block directive at or above the line decides.
        if (directive.line <= line) block = directive;
        break;
    }
  }
  if (block?.kind === 'disable') covering.push(block);
  return covering;
}
