/**
 * Segment E-commerce v2 event names. They are money: a full queue drops them last, and their
 * writes use strict durability.
 */
const COMMERCE = new Set(
  (
    'Products Searched|Product List Viewed|Product List Filtered|Promotion Viewed|Promotion Clicked|' +
    'Product Clicked|Product Viewed|Product Added|Product Removed|Cart Viewed|Checkout Started|' +
    'Checkout Step Viewed|Checkout Step Completed|Payment Info Entered|Order Completed|Order Updated|' +
    'Order Refunded|Order Cancelled|Product Added to Wishlist|Product Shared|Product Reviewed'
  ).split('|'),
);

/** 1 for commerce events (dropped last when the queue is full), 0 otherwise. */
export const priorityOf = (name: string | undefined): 0 | 1 => (name && COMMERCE.has(name) ? 1 : 0);

/** The event that flushes the queue at once. */
export const URGENT = 'Order Completed';
