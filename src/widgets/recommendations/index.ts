/**
 * encore-sdk/recommendations: reasoned post-purchase recommendations, replenishment reminders and
 * the up-next card. Nothing runs at import time; elements are registered by the `define…` calls.
 */
export { renderRecommendations } from './render';
export type { RecommendationsOptions, RecommendationsHandle } from './render';
export { defineRecommendationsElement, defineUpNextElement } from './elements';
export { attachUpNext } from './upNext';
export type { UpNextOptions, UpNextVideo, UpNextHandle } from './upNext';
export { purchaseHistoryPlugin } from './purchaseHistoryPlugin';
export type { PurchaseHistoryPlugin } from './purchaseHistoryPlugin';
export { attributionPlugin } from './attributionPlugin';
export type { AttributionOptions } from './attributionPlugin';
export { recordPurchase } from './recordPurchase';
export type { RecordPurchaseOptions } from './recordPurchase';
export { localPurchaseHistory } from './history';
export type { PurchaseHistory, LocalHistoryOptions } from './history';
export { checkReplenishment } from './replenishmentCheck';
export type { ReplenishmentCheckOptions } from './replenishmentCheck';
export { rank } from './rank';
export type { RankInput, Ranked } from './rank';
export { dueReplenishments, replenishInterval } from './replenish';
export type * from './types';
export type { Lang, Strings } from '../shared/lang';
