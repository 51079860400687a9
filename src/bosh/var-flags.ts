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
