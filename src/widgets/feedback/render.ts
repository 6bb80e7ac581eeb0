/**
 * `renderSurvey(element, options)`: an NPS or CSAT survey in the element's shadow root, shown by its
 * trigger (at once, after a video ends, some days after an order, or on `show()`), only with
 * analytics consent and at most once per period. Invalid options throw one `EncoreConfigError`;
 * after that nothing throws into the page: problems go to the client's `on('error')` channel.
 */
import type { Encore } from '../../types';
import { dueOrder, forgetCap, isCapped, readCap, recordShown, type DueOrder } from './cap';
import { activeElement, connect, type SurveyApi } from './connect';
import { cleanComment, validateOptions, type SurveyOptions } from './options';
import type { View } from './view';

/** The survey's DOM and styles load when a survey is about to show. */
const loadView = () => import('./view');

/** What `renderSurvey` returns. */
export interface SurveyHandle {
  /** Shows the survey now (the shopper asked for it): needs analytics consent, ignores the frequency cap. */
  show(): void;
  /** Dismisses it as "Not now" does (tracks `Survey Dismissed`). */
  dismiss(): void;
  /** Removes the survey and every listener it added, without an event. */
  destroy(): void;
  /** `waiting`, `opening` (its UI loading), `shown`, `answered`, `dismissed` or `destroyed`. */
  readonly state: string;
}

type Props = Record<string, string | number>;

/** Renders a survey into `element`. Throws `EncoreConfigError` for invalid options, never after. */
export function renderSurvey(element: HTMLElement, options: SurveyOptions): SurveyHandle {
  const o = validateOptions(options);
  let state = 'waiting';
  let api: SurveyApi | undefined;
  let view: View | undefined;
  let returnTo: Element | null = null;
  let due: DueOrder | undefined;
  const cleanups: Array<() => void> = [];

  const report = (e: unknown) => {
    try {
      const error = e instanceof Error ? e : new Error(String(e));
      console.warn('[encore-survey]', error.message);
      element.dispatchEvent(new CustomEvent('encore-survey-error', { detail: error }));
      api?.report(error, 'survey');
    } catch {
      /* never throw into the page */
    }
  };
  const safe = (fn: (...a: any[]) => void) => (...a: unknown[]) => {
    try {
      fn(...a);
    } catch (e) {
      report(e);
    }
  };

  let root: ShadowRoot;
  // Exists before it is filled, so screen readers announce a survey that appears without taking focus.
  const status = document.createElement('span');
  try {
    root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    root.replaceChildren();
    status.className = 'sr';
    status.setAttribute('role', 'status');
    root.append(status);
  } catch (e) {
    report(new Error(`cannot render into ${String(element?.tagName ?? element)}: ${(e as Error).message}`));
    return { show() {}, dismiss() {}, destroy() {}, state: 'destroyed' };
  }

  const video = typeof o.afterVideo == 'string' ? (document.querySelector(o.afterVideo) as HTMLVideoElement | null) : o.afterVideo;
  const props = (): Props => {
    const p: Props = { survey_id: o.surveyId, survey_type: o.type };
    const videoId = o.videoId ?? video?.getAttribute('data-encore-video');
    const orderId = o.orderId ?? due?.orderId;
    const category = o.category ?? (video?.getAttribute('data-encore-category') || due?.category);
    if (videoId) p.video_id = videoId;
    if (orderId) p.order_id = orderId;
    if (category) p.category = category;
    return p;
  };
  const track = (event: string, extra?: Props) => {
    try {
      api?.track(event, { ...props(), ...extra });
    } catch (e) {
      report(e);
    }
  };
  const consented = () => {
    try {
      return !!api?.consentState().analytics;
    } catch (e) {
      report(e);
      return false;
    }
  };
  const focusInside = () => !!view && view.el.contains(root.activeElement);

  const remove = () => {
    view?.el.remove();
    view = undefined;
    status.textContent = '';
  };

  const open = async (forced: boolean) => {
    // A trigger shows the survey once per page; show() may show it again after an answer or dismissal.
    const can = () => state != 'shown' && state != 'destroyed' && (forced || state == 'waiting' || state == 'opening') && consented();
    if (!can() || (!forced && isCapped(readCap(o.surveyId), o.periodDays, Date.now()))) return;
    state = 'opening';
    let buildView: typeof import('./view').buildView;
    try {
      ({ buildView } = await loadView());
    } finally {
      // A failed load (reported by the caller) or consent withdrawn meanwhile: back to waiting.
      if (state == 'opening') state = 'waiting';
    }
    if (!can()) return;
    const now = Date.now();
    remove();
    state = 'shown';
    view = buildView(root, element, o, { submit: safe(submit), dismiss: safe(dismiss) });
    view.el.addEventListener('keydown', (e: KeyboardEvent) => {
      if (e.key == 'Escape') {
        e.preventDefault();
        safe(dismiss)();
      }
    });
    root.append(view.el);
    recordShown(o.surveyId, now, due?.key);
    track('Survey Shown');
    const activation = (navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation;
    if (o.focus ?? !!activation?.isActive) {
      returnTo = activeElement();
      view.scale.focus();
    } else status.textContent = view.appeared;
  };

  function submit(score: number, text: string) {
    if (state != 'shown' || !view) return;
    const comment = cleanComment(text);
    state = 'answered';
    track('Survey Responded', comment ? { score, comment } : { score });
    const had = focusInside();
    const note = view.thank();
    status.textContent = '';
    if (had) note.focus();
  }

  function dismiss() {
    if (state != 'shown') return;
    state = 'dismissed';
    const had = focusInside();
    track('Survey Dismissed');
    remove();
    // Back where the shopper was: the element focused before the survey took focus, else the video.
    const back = [returnTo, video].find((x): x is HTMLElement => !!x && x.isConnected && x !== document.body);
    if (had) back?.focus();
  }

  const arm = async () => {
    if (o.manual || state != 'waiting' || !consented()) return;
    if (o.afterVideo) return;
    if (o.afterOrderDays !== undefined) {
      const purchases = await o.history!.list();
      due = dueOrder(Array.isArray(purchases) ? purchases : [], o.afterOrderDays, Date.now(), readCap(o.surveyId)?.orders);
      if (!due) return;
    }
    await open(false);
  };

  if (o.afterVideo) {
    if (video instanceof HTMLVideoElement) {
      const ended = () => void open(false).catch(report);
      video.addEventListener('ended', ended);
      cleanups.push(() => video.removeEventListener('ended', ended));
    } else report(new Error(`afterVideo ${String(o.afterVideo)} matches no <video>`));
  }

  const encore = o.encore === undefined ? (globalThis as { encore?: Encore }).encore : o.encore;
  if (!encore || typeof encore.track != 'function') report(new Error('no Encore instance (options.encore or window.encore): the survey cannot show'));
  else
    cleanups.push(
      connect(
        encore,
        (a) => {
          api = a;
          const onConsent = safe((c: { analytics?: boolean }) => {
            if (c?.analytics) return void arm().catch(report);
            // Withdrawn: the survey goes away silently and its local record is deleted.
            forgetCap(o.surveyId);
            if (state == 'shown' || state == 'answered') {
              remove();
              state = 'dismissed';
            }
          });
          a.on('consent', onConsent);
          cleanups.push(() => a.off('consent', onConsent));
          void arm().catch(report);
        },
        report,
      ),
    );

  return {
    show: safe(() => void open(true).catch(report)),
    dismiss: safe(dismiss),
    destroy: safe(() => {
      state = 'destroyed';
      for (const c of cleanups.splice(0)) c();
      remove();
    }),
    get state() {
      return state;
    },
  };
}
