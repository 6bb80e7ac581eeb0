// Encore dashboard, Retention section: polls /api/retention (period and dormant threshold from the
// form) and renders the cohort heat map, group table, lifecycle counts, audience links, uPlot
// curves of watchers vs non-watchers and NPS over time, and survey comments. Text from data goes
// in with textContent only; rates under the n<20 rule show "n too small". Strings: strings.js.
(() => {
  'use strict';
  const { t, num, onLang } = window.encoreDashboard;
  const POLL_MS = 15000;
  const AUDIENCES = ['dormant-repeat-buyers', 'past-reorder-time', 'promoters', 'detractors', 'watchers-not-reordered'];
  const plots = new Map();
  const form = document.getElementById('retention-controls');
  const section = document.getElementById('retention');
  if (!form || !section) return;

  /** A metric {value, n}: the value with its n, or "n too small". */
  const metric = (m, unit = '', digits = 1) =>
    !m ? '–' : m.value === null ? (m.n === 0 ? '– (n 0)' : t('retention.nTooSmall', { n: num(m.n) })) : `${num(m.value, digits)}${unit} (n ${num(m.n)})`;

  const el = (tag, text, className) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  };
  const row = (cells) => {
    const tr = document.createElement('tr');
    for (const c of cells) tr.append(c instanceof Node ? c : el('td', c));
    return tr;
  };

  function params() {
    const p = new URLSearchParams();
    p.set('period', form.elements.period.value);
    const d = form.elements.dormant_days.value.trim();
    if (d) p.set('dormant_days', d);
    return p;
  }

  function cohortTable(all) {
    const table = document.getElementById('cohorts');
    const maxK = Math.max(0, ...all.cohorts.map((c) => c.periods.length));
    const head = row([t('retention.cohort'), t('retention.customers'), ...Array.from({ length: maxK }, (_v, i) => `+${i + 1}`)].map((t) => el('th', t)));
    table.tHead.replaceChildren(head);
    const body = table.tBodies[0];
    body.replaceChildren();
    if (all.cohorts.length === 0) body.append(row([el('td', t('retention.noOrders'), 'empty')]));
    for (const c of all.cohorts) {
      const cells = [el('td', c.cohort), el('td', num(c.size))];
      for (const p of c.periods) {
        const td = el('td', p.value === null ? 'n<20' : `${num(p.value, 0)}%`, 'heat');
        td.classList.add(p.value === null ? 'small-n' : `heat-${Math.min(9, Math.floor(p.value / 10))}`);
        td.title = p.value === null ? t('retention.nTooSmall', { n: num(p.n) }) : t('retention.countOf', { count: num(p.count), n: num(p.n) });
        cells.push(td);
      }
      body.append(row(cells));
    }
  }

  function linePlot(name, xs, series, opts = {}) {
    const host = section.querySelector(`[data-chart="${name}"]`);
    if (!host || typeof uPlot === 'undefined') return;
    host.dataset.values = JSON.stringify({ x: xs, series: series.map((s) => ({ label: s.label, data: s.data })) });
    plots.get(name)?.destroy();
    const colors = ['#3b5bdb', '#f08c00', '#2b8a3e'];
    const plot = new uPlot(
      {
        width: Math.max(300, host.clientWidth || 400),
        height: 220,
        scales: { x: { time: !!opts.time }, y: { range: opts.yRange ?? ((_u, min, max) => [Math.min(0, min), Math.max(max * 1.1, 1)]) } },
        series: [{ label: opts.xLabel ?? 'x' }, ...series.map((s, i) => ({ label: s.label, stroke: colors[i % colors.length], width: 2, spanGaps: false }))],
        axes: [{}, {}],
      },
      [xs, ...series.map((s) => s.data)],
      host,
    );
    plots.set(name, plot);
  }

  function render(r) {
    const all = r.groups.find((g) => g.split === 'all') ?? null;
    document.getElementById('retention-threshold').textContent = t('retention.threshold', {
      dormant: num(r.dormantDays, 1), source: r.dormantDaysSource, atRisk: num(r.atRiskDays, 1),
      median: r.medianDaysBetweenOrders === null ? '–' : num(r.medianDaysBetweenOrders, 1),
    });
    for (const dd of section.querySelectorAll('[data-retention]')) {
      const k = dd.dataset.retention;
      const v = all ? all[k] : null;
      dd.textContent = v === null || v === undefined ? '–' : typeof v === 'number' ? num(v) : metric(v, k === 'repeatRate' ? ' %' : '', k === 'aov' ? 2 : 1);
    }
    if (!all) return;
    cohortTable(all);

    const groups = document.querySelector('#retention-groups tbody');
    groups.replaceChildren(
      ...r.groups.map((g) =>
        row([`${g.split === 'all' ? t('retention.allCustomers') : `${g.split}: ${g.group}`}`, num(g.customers), metric(g.repeatRate, ' %'), metric(g.clv.d30, '', 2),
          metric(g.clv.d90, '', 2), metric(g.clv.d365, '', 2), num(g.atRisk), num(g.dormant), metric(g.nps), metric(g.csat, '', 2)]),
      ),
    );
    const stages = ['new', 'engaged', 'first-purchase', 'repeat', 'loyal', 'dormant'];
    document.querySelector('#lifecycle tbody').replaceChildren(...stages.map((s) => row([`lifecycle:${s}`, num(all.lifecycle[s] ?? 0)])));

    const q = params().toString();
    document.querySelector('#retention-audiences tbody').replaceChildren(
      ...AUDIENCES.map((a) => {
        const links = el('td');
        for (const ext of ['csv', 'json']) {
          const link = el('a', ext.toUpperCase());
          link.href = `/audiences/retention/${a}.${ext}?${q}`;
          links.append(link, ' ');
        }
        return row([a, links]);
      }),
    );

    // Curves: watched vs not; a point under the n<20 rule is a gap (null), never a made-up value.
    const watched = r.groups.find((g) => g.split === 'watched' && g.group === 'watched');
    const not = r.groups.find((g) => g.split === 'watched' && g.group === 'not watched');
    const maxK = Math.max(0, ...[watched, not].map((g) => (g ? g.curve.length : 0)));
    const ks = Array.from({ length: maxK }, (_v, i) => i + 1);
    const at = (g, k) => g?.curve.find((p) => p.k === k)?.value ?? null;
    linePlot('retention-curve', ks, [
      { label: t('series.watched'), data: ks.map((k) => at(watched, k)) },
      { label: t('series.notWatched'), data: ks.map((k) => at(not, k)) },
    ], { xLabel: t(r.period === 'week' ? 'retention.weeksAfter' : 'retention.monthsAfter'), yRange: () => [0, 100] });
    const periods = all.npsOverTime.map((p) => Date.parse(p.period) / 1000);
    linePlot('nps-time', periods, [{ label: 'NPS', data: all.npsOverTime.map((p) => p.value) }], { time: true, xLabel: t('retention.period'), yRange: () => [-100, 100] });

    const list = document.getElementById('comments');
    list.replaceChildren();
    if (r.comments.length === 0) list.append(el('li', t('retention.noComments'), 'muted'));
    for (const c of r.comments) {
      const li = el('li');
      li.append(el('span', `${String(c.at).slice(0, 10)} · ${c.surveyType} ${c.score}`, 'meta'), el('span', c.comment, 'comment'));
      list.append(li);
    }
    section.dataset.generatedAt = r.generatedAt;
  }

  let timer = 0;
  /** The last answer, drawn again when the language changes. */
  let last = null;
  onLang(() => last && render(last));
  async function poll() {
    clearTimeout(timer);
    try {
      const res = await fetch(`/api/retention?${params()}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      last = await res.json();
      render(last);
      section.dataset.state = 'ok';
    } catch (e) {
      section.dataset.state = 'error';
      document.getElementById('retention-threshold').textContent = t('retention.unavailable', { error: e && e.message ? e.message : e });
    }
    timer = window.setTimeout(poll, document.hidden ? POLL_MS * 4 : POLL_MS);
  }
  form.addEventListener('change', poll);
  form.addEventListener('submit', (e) => (e.preventDefault(), poll()));
  poll();
})();
