/** Steps through the demo shop (examples/storefront) the way a shopper does, for tests that start at its confirmation page. */
import type { Page } from 'playwright-core';

/** Adds `sku` to the cart from its product page, checks out and waits for the order confirmation page. */
export async function buyFromDemoShop(page: Page, origin: string, sku: string): Promise<void> {
  await page.goto(`${origin}/examples/storefront/product.html?id=${encodeURIComponent(sku)}&lang=en`);
  await page.click('#add-to-cart');
  await page.goto(`${origin}/examples/storefront/checkout.html`);
  await page.fill('input[name=name]', 'A');
  await page.fill('input[name=address]', 'B');
  await page.fill('input[name=card]', '4242');
  await Promise.all([page.waitForURL(/confirmation/), page.click('#place-order')]);
}
