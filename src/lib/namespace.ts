/** Short stable namespace per endpoint + write key: two instances never share a queue or a storage key. */
export function namespace(endpoint: string, writeKey?: string): string {
  let h = 0x811c9dc5;
  const s = `${endpoint}|${writeKey ?? ''}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
