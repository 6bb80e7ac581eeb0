import type { EncoreEvent } from '../types';
import type { StoredEvent } from './types';

export const idOf = (r: StoredEvent | EncoreEvent): string => ((r as StoredEvent).e || r).messageId;

/**
 * Segment E-commerce v2 events (`Products Searched`, `Cart Viewed`, `Order Completed`…) start with
 * one of these words. They are money: a full queue drops them last and their writes use strict
 * durability. A custom event named like "Order …" counts too, which only makes it dropped later.
 */
export const COMMERCE = /^(Products?|Promotion|Cart|Checkout|Payment|Order) /;
