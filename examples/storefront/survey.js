// Post-purchase surveys for the demo shop (encore-sdk/feedback from the ESM build; the SDK from the
// snippet, global `encore`). Events go through Encore's queue like any other: Survey Shown,
// Survey Responded, Survey Dismissed (the collector's dashboard computes NPS and CSAT from them).
//
// - Order confirmation page: an NPS question right away (an element with `data-encore-survey`), with
//   the order id. At most once per 90 days per shopper on this device, and only with analytics consent.
// - The how-to film in the recommendations: a CSAT question when it ends (recommendations.js calls
//   `surveyAfterHowTo` for each film it renders).
import { renderSurvey } from '../../dist/feedback.js';
import { LANG } from './js/strings.js';

const HOW_TO_QUESTION = {
  en: 'How satisfied are you with this how-to film?',
  ja: 'このハウツー動画にどのくらい満足されましたか？',
};

const host = document.querySelector('[data-encore-survey]');
if (host) {
  renderSurvey(host, {
    surveyId: host.dataset.encoreSurvey || 'order-nps',
    type: 'nps',
    lang: LANG,
    // shop.js (an earlier module script) put the order on the page.
    orderId: document.body.dataset.orderId,
  });
}

/** A CSAT survey below the recommendations, shown when `video` (a how-to film) ends. */
export function surveyAfterHowTo(video, item) {
  const el = document.createElement('div');
  el.className = 'howto-survey';
  document.querySelector('[data-encore-recs]')?.after(el);
  renderSurvey(el, {
    surveyId: 'howto-csat',
    type: 'csat',
    lang: LANG,
    afterVideo: video,
    videoId: item.id,
    category: item.category,
    question: HOW_TO_QUESTION[LANG] ?? HOW_TO_QUESTION.en,
    // Asked after every film at most once a month.
    periodDays: 30,
  });
}
