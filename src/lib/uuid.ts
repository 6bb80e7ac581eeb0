/** RFC 4122 v4 id. `crypto.randomUUID` needs a secure context; elsewhere build one from getRandomValues. */
export function uuid(): string {
  const c = crypto;
  if (c.randomUUID) return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 15) | 64;
  b[8] = (b[8]! & 63) | 128;
  let h = '';
  b.forEach((x, i) => (h += (i == 4 || i == 6 || i == 8 || i == 10 ? '-' : '') + (x + 256).toString(16).slice(1)));
  return h;
}
