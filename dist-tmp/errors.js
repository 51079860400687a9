/**
 * Bad input the user can fix: a missing file, a YAML syntax error, an ops-file that does
 * not apply. The CLI prints `file:line:col: message` on one line and exits 2; it never
 * shows a stack trace for these.
 */
export class InputError extends Error {
    file;
    line;
    col;
    constructor(message, where) {
        super(message);
        this.name = 'InputError';
        this.file = where?.file;
        this.line = where?.line;
        this.col = where?.col;
    }
    /** One line: `file:line:col: message`, with as much of the location as is known. */
    render() {
        const place = [this.file, this.line, this.line !== undefined ? this.col : undefined].filter((p) => p !== undefined).join(':');
        return place ? `${place}: ${this.message}` : this.message;
    }
}
