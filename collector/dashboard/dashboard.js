// Encore dashboard: polls /api/stats every few seconds and renders tables (textContent only) and
// uPlot charts, with strings and number formats from strings.js. Each chart container carries the
// plotted numbers in data-values, which the end-to-end test compares with the collector's JSON.
(() => {
  'use strict';
  const POLL_MS = 3000;
  const { t, num: fmt, onLang } = window.encoreDashboard;
  /** @type {Map<string, {plot: any, labels: string[]}>} */
  const charts = new Map();
  const palette = ['#3b5bdb', '#f08c00', '#2b8a3e', '#c92a2a', '#7048e8'];

  const pct = (n, d) => (d > 0 ? (100 * n) / d : null);

  function fillTable(id, rows, cells) {
    const tbody = document.querySelector(`#${id} tbody`);
    if (!tbody) return;
    const cols = document.querySelectorAll(`#${id} thead th`).length;
    tbody.replaceChildren();
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = cols;
      td.className = 'empty';
      td.textContent = t('noData');
      tr.append(td);
      tbody.append(tr);
      return;
    }
    for (const row of rows) {
      const tr = document.createElement('tr');
      for (const cell of cells(row)) {
        const td = document.createElement('td');
        if (cell instanceof Node) td.append(cell);
        else if (cell && typeof cell === 'object') {
          td.textContent = cell.text;
          if (cell.className) td.className = cell.className;
          if (cell.key) td.dataset.key = cell.key;
        } else td.textContent = String(cell);
        tr.append(td);
      }
      tbody.append(tr);
    }
  }

  /** Creates or updates a uPlot chart. `kind` is 'bars' (categorical x) or 'time'. */
  function chart(name, kind, labels, series, data) {
    const el = document.querySelector(`[data-chart="${name}"]`);
    if (!el || typeof uPlot === 'undefined') return;
    el.dataset.values = JSON.stringify({ labels, series: series.map((s) => s.label), data: data.slice(1) });
    const existing = charts.get(name);
    const width = Math.max(300, el.clientWidth || 400);
    if (existing && existing.seriesCount === series.length && existing.labels.length === labels.length) {
      existing.labels.splice(0, existing.labels.length, ...labels);
      existing.plot.setData(data);
      return;
    }
    existing?.plot.destroy();
    const state = { labels: [...labels], plot: null, seriesCount: series.length };
    const n = series.length;
    // Bars get a fixed pixel width from the plot width and the number of categories, so one
    // category draws as full bars side by side (uPlot's own sizing from the x gap degenerates with
    // a single x value) and many categories still fit. Grouped bars: left/right of the tick.
    const slot = (width - 60) / (Math.max(1, labels.length) + 0.2);
    const barPx = Math.max(3, Math.min(60, Math.floor((slot * 0.8) / n)));
    el.dataset.barPx = String(barPx);
    const opts = {
      width,
      height: 220,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: kind === 'bars' ? { time: false, range: (_u, min, max) => [min - 0.6, max + 0.6] } : { time: true, range: (_u, min, max) => (min === max ? [min - 300, max + 60] : [min, max]) },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes:
        kind === 'bars'
          ? [{ splits: () => state.labels.map((_l, i) => i), values: (_u, splits) => splits.map((i) => state.labels[i] ?? ''), gap: 4,
                ...(labels.length > 6 ? { rotate: -40, size: 70 } : {}) }, {}]
          : [{}, {}],
      series: [
        kind === 'bars' ? { label: t('category'), value: (_u, i) => (i === null ? '' : state.labels[i] ?? '') } : {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: palette[i % palette.length],
          fill: kind === 'bars' ? palette[i % palette.length] + 'cc' : palette[i % palette.length] + '22',
          width: kind === 'bars' ? 0 : 2,
          paths: kind === 'bars' ? uPlot.paths.bars({ size: [1, barPx, barPx], align: n === 1 ? 0 : i === 0 ? -1 : 1 }) : undefined,
          points: { show: kind !== 'bars' },
          scale: s.scale ?? 'y',
        })),
      ],
    };
    if (series.some((s) => s.scale === 'y2')) {
      opts.scales.y2 = { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] };
      opts.axes.push({ scale: 'y2', side: 1, grid: { show: false } });
    }
    state.plot = new uPlot(opts, data, el);
    charts.set(name, state);
  }

  function render(s) {
    for (const el of document.querySelectorAll('[data-total]')) el.textContent = fmt(s.totals[el.dataset.total]);
    for (const el of document.querySelectorAll('[data-commerce]')) {
      const k = el.dataset.commerce;
      const v = s.commerce[k];
      // Revenue and AOV are per currency, from /api/features (features.js).
      el.textContent = k === 'repeat_pct' ? (v === null || v === undefined ? '–' : `${fmt(v, 1)} %`) : fmt(v);
    }

    fillTable('qoe', s.qoe, (r) => [
      r.category,
      { text: fmt(r.views), key: 'views' },
      { text: fmt(r.startup_p50_ms), key: 'startup_p50_ms' },
      { text: fmt(r.startup_p95_ms), key: 'startup_p95_ms' },
      { text: fmt(r.rebuffer_pct, 1), key: 'rebuffer_pct' },
      { text: fmt(r.ebvs_pct, 1), key: 'ebvs_pct' },
      { text: fmt(r.failure_pct, 1), key: 'failure_pct' },
      { text: fmt(r.watch_time_s, 1), key: 'watch_time_s' },
    ]);
    const cats = s.qoe.map((r) => r.category);
    const xs = cats.map((_c, i) => i);
    chart('startup', 'bars', cats, [{ label: 'p50' }, { label: 'p95' }], [xs, s.qoe.map((r) => r.startup_p50_ms), s.qoe.map((r) => r.startup_p95_ms)]);
    chart('views', 'bars', cats, [{ label: t('series.views') }, { label: t('series.watchTime'), scale: 'y2' }], [xs, s.qoe.map((r) => r.views), s.qoe.map((r) => r.watch_time_s)]);

    fillTable('top-videos', s.topVideos, (r) => [r.title || r.video_id, r.category, fmt(r.views), fmt(r.watch_time_s, 1), fmt(r.completion_pct, 1)]);
    fillTable('vitals', s.vitals, (r) => {
      const good = r.good_pct >= 75;
      return [r.metric, { text: fmt(r.p75, r.metric === 'CLS' ? 3 : 0), className: good ? 'rating-good' : 'rating-poor', key: 'p75' }, fmt(r.good_pct, 1), fmt(r.samples)];
    });
    fillTable('segments', s.segments, (r) => {
      const a = document.createElement('a');
      a.href = `/audiences/${encodeURIComponent(r.segment)}.csv`;
      a.textContent = 'CSV';
      return [r.segment, fmt(r.visitors), a];
    });
    const top = s.segments.slice(0, 8);
    chart('segments', 'bars', top.map((r) => r.segment.replace(/^interest:/, '')), [{ label: t('series.visitors') }], [top.map((_r, i) => i), top.map((r) => r.visitors)]);
    // Minutes without events are zeros, and at least the last 15 minutes show.
    const counts = new Map(s.volume.map((r) => [r.t, r.events]));
    const last = s.volume.length ? s.volume[s.volume.length - 1].t : Math.floor(Date.now() / 60000) * 60;
    const first = Math.min(s.volume.length ? s.volume[0].t : last, last - 15 * 60);
    const ts = [];
    for (let t = first; t <= last; t += 60) ts.push(t);
    chart('volume', 'time', [], [{ label: t('series.eventsPerMin') }], [ts, ts.map((t) => counts.get(t) ?? 0)]);

    fillTable('conversion', s.conversion, (r) => [
      r.category,
      fmt(r.watchers),
      fmt(pct(r.watchers_converted, r.watchers), 1),
      fmt(r.others),
      fmt(pct(r.others_converted, r.others), 1),
      `${fmt(r.startup_ms_converted)} / ${fmt(r.startup_ms_not_converted)}`,
      `${fmt(r.rebuffer_pct_converted, 1)} / ${fmt(r.rebuffer_pct_not_converted, 1)}`,
    ]);
    const ccats = s.conversion.map((r) => r.category);
    chart('conversion', 'bars', ccats, [{ label: t('series.watched') }, { label: t('series.notWatched') }], [
      ccats.map((_c, i) => i),
      s.conversion.map((r) => pct(r.watchers_converted, r.watchers)),
      s.conversion.map((r) => pct(r.others_converted, r.others)),
    ]);
    const buckets = s.startupBuckets.map((r) => r.bucket);
    chart('startup-buckets', 'bars', buckets, [{ label: t('series.conversion') }], [buckets.map((_b, i) => i), s.startupBuckets.map((r) => r.conversion_pct)]);

    document.body.dataset.generatedAt = s.generatedAt;
  }

  let timer = 0;
  /** The last answer, drawn again in the new language when it changes (charts rebuilt for their legends). */
  let last = null;
  onLang(() => {
    for (const c of charts.values()) c.plot.destroy();
    charts.clear();
    if (last) render(last);
  });
  async function poll() {
    const status = document.getElementById('status');
    try {
      const res = await fetch('/api/stats', { cache: 'no-store' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      last = await res.json();
      render(last);
      if (status) status.textContent = t('live', { time: new Date().toLocaleTimeString(window.encoreDashboard.locale()) });
    } catch (e) {
      if (status) status.textContent = t('offline', { error: e && e.message ? e.message : e });
    }
    timer = window.setTimeout(poll, document.hidden ? POLL_MS * 5 : POLL_MS);
  }
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      clearTimeout(timer);
      poll();
    }
  });
  poll();
})();
