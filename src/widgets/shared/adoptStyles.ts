/**
 * Adds `css` to a shadow root through a constructable stylesheet, which a strict CSP without
 * `'unsafe-inline'` allows (a `<style>` element would be blocked). Browsers without constructable
 * stylesheets (Safari < 16.4) get a `<style>` element instead, which works wherever inline styles are allowed.
 */
export function adoptStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.prepend(style);
  }
}
