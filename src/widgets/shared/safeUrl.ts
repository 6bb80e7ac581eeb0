/**
 * Returns `url` resolved to an absolute href when it is safe to put in `href`/`src`/`poster`:
 * an `https:` URL, or a URL on the page's own origin (e.g. a relative path). Anything else
 * (`javascript:`, `data:`, `blob:`, `http:` to another origin, garbage) gives `null`.
 *
 * @param url - the candidate URL (any type; non-strings give `null`).
 * @param base - what relative URLs resolve against (e.g. the manifest URL); defaults to the document base.
 */
export function safeUrl(url: unknown, base?: string): string | null {
  if (typeof url !== 'string') return null;
  const raw = url.trim();
  if (!raw) return null;
  try {
    const here = typeof location !== 'undefined' ? location : undefined;
    const docBase = typeof document !== 'undefined' ? document.baseURI : here?.href;
    const baseUrl = base ? new URL(base, docBase) : docBase;
    const u = new URL(raw, baseUrl);
    if (u.protocol === 'https:') return u.href;
    // Plain http is only acceptable on the page's own origin (a dev or test server served over http).
    if (here && u.origin === here.origin && (u.protocol === 'http:' || u.protocol === 'https:')) return u.href;
    return null;
  } catch {
    return null;
  }
}
