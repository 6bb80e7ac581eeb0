/**
 * What counts as an upgrade: a product the catalog marks in another's `upgrades` that is in the same
 * category and costs more (in the same currency, when both name one). Shared by the ranking rule and
 * the feed's validation, so a mark that fails it is both reported and never recommended.
 */
import type { CatalogProduct } from './types';

export function isUpgrade(base: CatalogProduct, candidate: CatalogProduct | undefined): candidate is CatalogProduct {
  if (!candidate || candidate === base || !base.category || candidate.category !== base.category) return false;
  if (base.price == null || candidate.price == null || candidate.price <= base.price) return false;
  return !base.currency || !candidate.currency || base.currency === candidate.currency;
}
