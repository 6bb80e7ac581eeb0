/**
 * The survey's DOM, a lazy chunk loaded only when a survey is about to show (pages where it is capped,
 * waiting for a video, or without consent never load it): the stylesheet, the strings, the question, the
 * score scale, the optional comment, Send and Not now, and the thank-you note. Text is set as text only
 * (`h`), so a question or comment containing HTML shows as typed.
 */
import { adoptStyles } from '../shared/adoptStyles';
import { h } from '../shared/h';
import { mergeStrings, pickLang, t, type Strings } from '../shared/lang';
import { SURVEY_STRINGS } from './strings';
import { SURVEY_CSS } from './styles';
import { MAX_COMMENT, scaleOf, type Survey } from './options';
import { createScale, type Scale } from './scale';

export interface View {
  el: HTMLElement;
  scale: Scale;
  /** Replaces the form with the thank-you note; returns the note. */
  thank(): HTMLElement;
  /** What a screen reader hears when the survey appears without taking focus. */
  appeared: string;
}

export interface ViewEvents {
  submit(score: number, comment: string): void;
  dismiss(): void;
}

/** Styles `root` (once) and builds the survey for `o` in the host's language. */
export function buildView(root: ShadowRoot, host: Element, o: Survey, on: ViewEvents): View {
  if (!root.adoptedStyleSheets.length) adoptStyles(root, SURVEY_CSS);
  const lang = o.lang ?? pickLang(host);
  const strings: Strings = mergeStrings(SURVEY_STRINGS, o.strings);
  const tx = (key: string, vars?: Record<string, string>) => t(strings, lang, key, vars);
  const [min, max] = scaleOf(o.type);
  const nps = o.type == 'nps';
  const message = h('p', { class: 'm', role: 'alert' });
  const scale = createScale(
    min,
    max,
    (n) => (nps ? String(n) : `${n} ${tx(`csat.${n}`)}`),
    'q',
    'e',
    () => (message.textContent = ''),
  );
  const comment = o.comment ? h('textarea', { id: 'c', part: 'comment', maxlength: MAX_COMMENT, rows: 3 }) : null;
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const score = scale.value();
        if (score === undefined) {
          message.textContent = tx('pick');
          scale.focus();
        } else on.submit(score, comment?.value ?? '');
      },
    },
    scale.el,
    h('p', { class: 'e', id: 'e', part: 'ends' }, h('span', null, tx(nps ? 'low.nps' : 'csat.1')), h('span', null, tx(nps ? 'high.nps' : 'csat.5'))),
    comment && h('label', { for: 'c' }, tx('comment')),
    comment,
    message,
    h('div', { class: 'f' }, h('button', { type: 'submit', part: 'send' }, tx('send')), h('button', { type: 'button', class: 'd', part: 'dismiss', onclick: on.dismiss }, tx('dismiss'))),
  );
  const question = o.question ?? tx(`q.${o.type}`);
  const el = h('section', { class: 's', part: 'survey', 'aria-labelledby': 'q', 'data-survey': o.surveyId }, h('p', { class: 'q', id: 'q', part: 'question' }, question), form);
  return {
    el,
    scale,
    appeared: tx('appeared', { question }),
    thank() {
      const note = h('p', { class: 't', part: 'thanks', tabindex: '-1' }, tx('thanks'));
      form.replaceWith(note);
      return note;
    },
  };
}
