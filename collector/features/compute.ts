/**
 * Runs the Feature results SQL (sql.ts) on one read connection and shapes the JSON of
 * `GET /api/features`: recommendations by reason type (with attributed revenue per currency),
 * replenishment reorders, the gallery teaser funnel, video milestones and bitrate by category,
 * the cart funnel, and orders and revenue per currency. Every number is computed in DuckDB; this
 * file only groups rows.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from '../store';
import * as SQL from './sql';

type Row = Record<string, unknown>;

/** An amount in one currency (`currency` null: the orders carried none). Never added across currencies. */
export interface Money {
  currency: string | null;
  orders: number;
  amount: number | null;
}

const money = (r: Row): Money => ({ currency: (r.currency as string | null) ?? null, orders: Number(r.orders), amount: (r.revenue as number | null) ?? null });

/** Everything the Feature results section shows. */
export async function computeFeatures(conn: DuckDBConnection) {
  await conn.run(SQL.EVENTS_TABLE);
  await conn.run(SQL.ORDERS_TABLE);
  const revenue = await query(conn, SQL.MONEY);
  const recommendations = await query(conn, SQL.RECOMMENDATIONS);
  const recRevenue = await query(conn, SQL.RECOMMENDATION_REVENUE);
  const [replenishment] = await query(conn, SQL.REPLENISHMENT);
  const gallery = await query(conn, SQL.GALLERY);
  const video = await query(conn, SQL.VIDEO);
  const cartFunnel = await query(conn, SQL.CART_FUNNEL);
  return {
    generatedAt: new Date().toISOString(),
    /** Orders, revenue and average order value, one entry per currency. */
    revenue: revenue.map((r) => ({ ...money(r), aov: (r.aov as number | null) ?? null })),
    recommendations: recommendations.map((r) => ({
      reason: String(r.reason),
      shown: Number(r.shown),
      clicked: Number(r.clicked),
      ctrPct: (r.ctr_pct as number | null) ?? null,
      orders: Number(r.orders),
      revenue: recRevenue.filter((m) => m.reason === r.reason).map(money),
    })),
    replenishment: {
      windowDays: SQL.REORDER_WINDOW_DAYS,
      reminders: Number(replenishment?.reminders ?? 0),
      reordered: Number(replenishment?.reordered ?? 0),
      reorderPct: (replenishment?.reorder_pct as number | null) ?? null,
    },
    gallery: {
      windowDays: SQL.GALLERY_WINDOW_DAYS,
      byReason: gallery.map((r) => ({
        reason: String(r.reason),
        teasersSeen: Number(r.teasers_seen),
        clicked: Number(r.clicked),
        unlocked: Number(r.unlocked),
        ordered: Number(r.ordered),
        converted: Number(r.converted),
        clickPct: (r.click_pct as number | null) ?? null,
        conversionPct: (r.conversion_pct as number | null) ?? null,
      })),
    },
    video: video.map((r) => ({
      category: String(r.category),
      views: Number(r.views),
      milestones: SQL.MILESTONES.map((m) => ({ percent: m, views: Number(r[`reached_${m}`]), pct: (r[`reached_${m}_pct`] as number | null) ?? null })),
      bitrateViews: Number(r.bitrate_views),
      avgBitrateKbps: (r.avg_bitrate_kbps as number | null) ?? null,
    })),
    cartFunnel: cartFunnel.map((r) => ({
      visitors: String(r.visitors),
      viewed: Number(r.viewed),
      added: Number(r.added),
      checkoutStarted: Number(r.checkout_started),
      ordered: Number(r.ordered),
      cartAbandonmentPct: (r.cart_abandonment_pct as number | null) ?? null,
      checkoutAbandonmentPct: (r.checkout_abandonment_pct as number | null) ?? null,
    })),
  };
}

export type Features = Awaited<ReturnType<typeof computeFeatures>>;
