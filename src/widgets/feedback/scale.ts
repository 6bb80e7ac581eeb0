/**
 * The score scale: an ARIA radio group with a roving tabindex. One Tab stop (the checked option, or
 * the first); arrow keys move focus and check (wrapping), Home/End go to the ends, Space or a click checks.
 */
import { h } from '../shared/h';

export interface Scale {
  el: HTMLElement;
  value(): number | undefined;
  focus(): void;
}

/**
 * @param min, max - the score range.
 * @param name - accessible name of each option (e.g. `"3 Neutral"`).
 * @param onChange - called with the checked score.
 */
export function createScale(min: number, max: number, name: (n: number) => string, labelledBy: string, describedBy: string, onChange: () => void): Scale {
  let checked: number | undefined;
  const options: HTMLElement[] = [];
  const group = h('div', { class: 'r', part: 'scale', role: 'radiogroup', 'aria-labelledby': labelledBy, 'aria-describedby': describedBy });
  const sync = () =>
    options.forEach((o, i) => {
      const on = min + i === checked;
      o.setAttribute('aria-checked', String(on));
      o.setAttribute('part', on ? 'option selected' : 'option');
      o.tabIndex = on || (checked === undefined && i === 0) ? 0 : -1;
    });
  const check = (i: number) => {
    checked = min + i;
    sync();
    options[i]!.focus();
    onChange();
  };
  for (let n = min; n <= max; n++) {
    const i = n - min;
    options.push(h('button', { type: 'button', class: 'o', role: 'radio', 'aria-label': name(n), onclick: () => check(i) }, String(n)));
  }
  group.addEventListener('keydown', (e: KeyboardEvent) => {
    const at = options.indexOf(e.target as HTMLElement);
    if (at < 0) return;
    const last = options.length - 1;
    const next = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: last }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    check(next > last ? 0 : next < 0 ? last : next);
  });
  group.append(...options);
  sync();
  return {
    el: group,
    value: () => checked,
    focus: () => options[checked === undefined ? 0 : checked - min]!.focus(),
  };
}
