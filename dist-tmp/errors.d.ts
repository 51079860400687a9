import type { SourcePos } from './load/node.js';
/**
 * Bad input the user can fix: a missing file, a YAML syntax error, an ops-file that does
 * not apply. The CLI prints `file:line:col: message` on one line and exits 2; it never
 * shows a stack trace for these.
 */
export declare class InputError extends Error {
    readonly file?: string;
    readonly line?: number;
    readonly col?: number;
    constructor(message: string, where?: Partial<SourcePos>);
    /** One line: `file:line:col: message`, with as much of the location as is known. */
    render(): string;
}
