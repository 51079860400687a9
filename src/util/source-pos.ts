/** A place in an input file: 1-based line and column, as every message prints it. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}
