/**
 * Segment E-commerce v2 events (`Products Searched`, `Product Added`, `Promotion Viewed`,
 * `Cart Viewed`, `Checkout Started`, `Payment Info Entered`, `Order Completed`…) all start with
 * one of these words. They are money: a full queue drops them last, and their writes use strict
 * durability. A prefix test is ~400 bytes smaller than the list; a custom event named like
 * "Order …" is treated as commerce too, which only makes it dropped later.
 */
const COMMERCE = /^(Products?|Promotion|Cart|Checkout|Payment|Order) /;

/** 1 for commerce events (dropped last when the queue is full), 0 otherwise. */
export const priorityOf = (name: string | undefined): 0 | 1 => (name && COMMERCE.test(name) ? 1 : 0);

/** The event that flushes the queue at once. */
export const URGENT = 'Order Completed';
