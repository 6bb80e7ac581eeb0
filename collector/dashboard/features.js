// Encore dashboard, Feature results section: polls /api/features and renders what Encore's own
// widgets did (recommendations by reason, replenishment reorders, the gallery teaser funnel,
// video milestones and bitrate, the cart funnel) plus the Commerce revenue and AOV, one line per
// currency. Text from data goes in with textContent only; each number cell carries data-key.
(() => {
  'use strict';
  const POLL_MS = 5000;
  const { t, label, num, money, onLang } = window.encoreDashboard;
  const section = document.getElementById('features');
  if (!section) return;

  const pct = (v) => (v === null || v === undefined ? '–' : `${num(v, 1)} %`);
  /** A cell: text with the JSON field it shows, so the end-to-end test can compare it with the API. */
  const cell = (text, key) => {
    const td = document.createElement('td');
    td.textContent = text;
    if (key) td.dataset.key = key;
    return td;
  };
  const fill = (id, rows, cells) => {
    const body = document.querySelector(`#${id} tbody`);
    body.replaceChildren();
    if (rows.length === 0) {
      const td = cell(t('noData'));
      td.colSpan = document.querySelectorAll(`#${id} thead th`).length;
      td.className = 'empty';
      const tr = document.createElement('tr');
      tr.append(td);
      body.append(tr);
    }
    for (const r of rows) {
      const tr = document.createElement('tr');
      tr.append(...cells(r));
      body.append(tr);
    }
  };
  /** Amounts per currency, one line each (never a sum across currencies). */
  const amounts = (list, field = 'amount') => (list.length === 0 ? '–' : list.map((m) => money(m[field], m.currency)).join(' · '));

  function render(f) {
    for (const dd of document.querySelectorAll('[data-money]')) dd.textContent = amounts(f.revenue, dd.dataset.money === 'aov' ? 'aov' : 'amount');

    fill('feat-recs', f.recommendations, (r) => [
      cell(label('reason', r.reason)), cell(num(r.shown), 'shown'), cell(num(r.clicked), 'clicked'), cell(pct(r.ctrPct), 'ctrPct'),
      cell(num(r.orders), 'orders'), cell(amounts(r.revenue), 'revenue'),
    ]);

    const repl = f.replenishment;
    section.querySelector('[data-feature-label="reordered"]').textContent = t('features.reordered', { days: repl.windowDays });
    section.querySelector('[data-feature="reminders"]').textContent = num(repl.reminders);
    section.querySelector('[data-feature="reordered"]').textContent = num(repl.reordered);
    section.querySelector('[data-feature="reorderPct"]').textContent = pct(repl.reorderPct);

    section.querySelector('[data-feature-label="gallery"]').textContent = t('features.galleryTitle', { days: f.gallery.windowDays });
    fill('feat-gallery', f.gallery.byReason, (r) => [
      cell(r.reason === 'all' ? t('group.all') : label('lock', r.reason)), cell(num(r.teasersSeen), 'teasersSeen'), cell(num(r.clicked), 'clicked'),
      cell(pct(r.clickPct), 'clickPct'), cell(num(r.unlocked), 'unlocked'), cell(num(r.ordered), 'ordered'), cell(pct(r.conversionPct), 'conversionPct'),
    ]);

    for (const th of section.querySelectorAll('[data-milestone]')) th.textContent = t('features.reached', { percent: th.dataset.milestone });
    fill('feat-video', f.video, (r) => [
      cell(r.category), cell(num(r.views), 'views'),
      ...r.milestones.map((m) => cell(`${num(m.views)} (${pct(m.pct)})`, `reached_${m.percent}`)),
      cell(num(r.avgBitrateKbps), 'avgBitrateKbps'),
    ]);

    fill('feat-funnel', f.cartFunnel, (r) => [
      cell(label('group', r.visitors)), cell(num(r.viewed), 'viewed'), cell(num(r.added), 'added'), cell(num(r.checkoutStarted), 'checkoutStarted'),
      cell(num(r.ordered), 'ordered'), cell(pct(r.cartAbandonmentPct), 'cartAbandonmentPct'), cell(pct(r.checkoutAbandonmentPct), 'checkoutAbandonmentPct'),
    ]);
    section.dataset.generatedAt = f.generatedAt;
  }

  let timer = 0;
  /** The last answer, drawn again when the language changes. */
  let last = null;
  onLang(() => last && render(last));
  async function poll() {
    clearTimeout(timer);
    const status = document.getElementById('features-status');
    try {
      const res = await fetch('/api/features', { cache: 'no-store' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      last = await res.json();
      render(last);
      status.textContent = '';
      section.dataset.state = 'ok';
    } catch (e) {
      section.dataset.state = 'error';
      status.textContent = t('features.unavailable', { error: e && e.message ? e.message : e });
    }
    timer = window.setTimeout(poll, document.hidden ? POLL_MS * 4 : POLL_MS);
  }
  poll();
})();
