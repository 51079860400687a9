/**
 * Go's `sort.Strings`, which bosh-cli and go-patch use for the names in their messages: byte
 * order of the UTF-8. That is JavaScript's UTF-16 order unless a string holds a character
 * above U+FFFF (a surrogate pair sorts before U+E000–U+FFFF in UTF-16, after them in UTF-8);
 * only then are the bytes compared, each string encoded once.
 */
export function sortedGoStrings(strings: Iterable<string>): string[] {
  const list = [...strings];
  if (!list.some((s) => /[\ud800-\udfff]/.test(s))) return list.sort();
  return list
    .map((s) => ({ s, bytes: Buffer.from(s, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ s }) => s);
}
