/**
 * File globs for `overrides[].files`: `*` and `?` within one path segment, `**` across
 * segments, `{a,b}` alternatives. Node's path.matchesGlob is experimental in Node 20 (it
 * prints an ExperimentalWarning on first use and is missing before 20.17), so this is ours.
 * A glob matches the whole `/`-separated path relative to the config file's directory.
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globSource(glob.replace(/^\.\//, ''))}$`);
}

export function matchesGlob(file: string, glob: string): boolean {
  return globToRegExp(glob).test(file);
}

function globSource(glob: string): string {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*') {
      const segmentStart = i === 0 || glob[i - 1] === '/';
      if (glob[i + 1] === '*' && segmentStart && (i + 2 === glob.length || glob[i + 2] === '/')) {
        // `**/` is zero or more whole directories; a trailing `**` is anything below.
        source += i + 2 === glob.length ? '.*' : '(?:[^/]*/)*';
        i += 2;
      } else {
        source += '[^/]*';
        while (glob[i + 1] === '*') i++;
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '{') {
      const close = matchingBrace(glob, i);
      if (close === -1) {
        source += '\\{';
        continue;
      }
      source += `(?:${splitTopLevel(glob.slice(i + 1, close)).map(globSource).join('|')})`;
      i = close;
    } else {
      source += char.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
    }
  }
  return source;
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `a,{b,c},d` → `a`, `{b,c}`, `d`. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '{') depth++;
    else if (list[i] === '}') depth--;
    else if (list[i] === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}
