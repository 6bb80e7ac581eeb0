/**
 * `encore-sdk/feedback`: NPS and CSAT surveys (`renderSurvey`, `<encore-survey>`). Nothing runs at
 * import; call `defineSurveyElement()` to register the element. Events: `Survey Shown`,
 * `Survey Responded`, `Survey Dismissed` (docs/feedback.md).
 */
export { renderSurvey } from './render';
export type { SurveyHandle } from './render';
export { defineSurveyElement } from './element';
export type { EncoreSurveyElement } from './element';
export { validateOptions, cleanComment } from './options';
export type { SurveyOptions, SurveyType, SurveyPurchaseHistory } from './options';
export { EncoreConfigError } from '../../core/errors';
export type { Lang, Strings } from '../shared/lang';
