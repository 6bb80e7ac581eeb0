/** UTF-8 byte length of a string without allocating an encoded copy. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 2; // a surrogate pair (2 UTF-16 units) is 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}
