import type { Finding } from '../rules/finding.js';
/** How variables are supplied, as bosh-cli's flags (precedence: env < -l < --var-file < -v). */
export interface VarFlags {
    /** `-v name=value`, in command-line order. */
    vars?: string[];
    /** `-l FILE`. */
    varsFiles?: string[];
    /** `--var-file name=PATH`. */
    varFiles?: string[];
    /** `--vars-env PREFIX`. */
    varsEnv?: string[];
    /** `--var-errs`: unresolved placeholders are an error instead of staying as text. */
    varErrs?: boolean;
}
/** One deployment to lint: a manifest as BOSH would deploy it, and its load balancers. */
export interface LintTarget extends VarFlags {
    manifest: string;
    opsFiles?: string[];
    lbFiles?: string[];
    /** Overrides content detection of every LB file. */
    lbFormat?: string;
}
export interface LintReport {
    findings: Finding[];
    /** Every file read (manifests, ops-files, vars, LB files), for formatters that list files. */
    files: string[];
}
