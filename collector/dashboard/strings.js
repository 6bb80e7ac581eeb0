// Encore dashboard: the one table of UI strings (ja, en), the language choice (?lang=, else
// navigator.language) and its switch, and locale-aware number and money formatting. Static text
// is written into elements marked data-i18n (data-i18n-title, data-i18n-placeholder) with
// textContent; the section scripts call t() and re-render when the language changes.
(() => {
  'use strict';
  const STRINGS = {
    en: {
      title: 'Encore dashboard', language: 'Language', storefront: 'storefront', connecting: 'connecting…',
      live: 'live · updated {time}', offline: 'offline ({error}) · retrying', noData: 'No data yet',
      'total.events': 'Events', 'total.visitors': 'Visitors', 'total.videoViews': 'Video views', 'total.orders': 'Orders',
      'total.forwardQueue': 'Forward queue', 'total.forwardQueueHint': 'batches waiting for the FORWARD_URL upstream',
      'qoe.title': 'Video QoE by product category', category: 'Category', views: 'Views', 'qoe.startupP50': 'Startup p50 (ms)',
      'qoe.startupP95': 'Startup p95 (ms)', 'qoe.rebuffer': 'Rebuffer %', 'qoe.ebvs': 'EBVS %', 'qoe.failures': 'Failures %',
      'qoe.watchTime': 'Watch time (s)', 'chart.startup': 'Startup time by category (ms)', 'chart.views': 'Views and watch time by category',
      'series.views': 'views', 'series.watchTime': 'watch time (s)',
      'top.title': 'Top videos', 'top.video': 'Video', 'top.completed': 'Completed %',
      'vitals.title': 'Web Vitals (p75)', 'vitals.metric': 'Metric', 'vitals.good': 'Good %', 'vitals.samples': 'Samples',
      'segments.title': 'Segments', 'segments.segment': 'Segment', 'segments.audience': 'Audience', 'chart.segments': 'Visitors per segment (top 8)',
      'series.visitors': 'visitors',
      'volume.title': 'Event volume', 'chart.volume': 'Events per minute', 'series.eventsPerMin': 'events/min',
      'commerce.title': 'Commerce', 'commerce.revenue': 'Revenue', 'commerce.aov': 'Average order value', 'commerce.repeat': 'Repeat purchase rate',
      'conversion.title': "Conversion: shoppers who watched a category's videos vs those who did not", 'conversion.watchers': 'Watchers',
      'conversion.watchersBought': 'Watchers who bought %', 'conversion.others': 'Others', 'conversion.othersBought': 'Others who bought %',
      'conversion.startup': 'Startup (ms): bought / not', 'conversion.rebuffer': 'Rebuffer %: bought / not',
      'chart.conversion': 'Conversion by category: watched vs not (%)', 'chart.startupBuckets': 'Conversion of watchers by startup time (%)',
      'series.watched': 'watched', 'series.notWatched': 'did not watch', 'series.conversion': 'conversion %',
      'retention.title': 'Retention', 'retention.cohortsBy': 'Cohorts by', 'retention.week': 'week', 'retention.month': 'month',
      'retention.dormantAfter': 'Dormant after (days)', 'retention.dormantPlaceholder': '2 × median gap', 'retention.customers': 'Customers',
      'retention.repeatRate': 'Repeat rate', 'retention.daysToSecond': 'Days to 2nd order (median)', 'retention.frequency': 'Orders per customer',
      'retention.aov': 'AOV', 'retention.atRisk': 'At risk', 'retention.dormant': 'Dormant', 'retention.nps': 'NPS', 'retention.csat': 'CSAT',
      'retention.cohortsTitle': 'Cohorts: share of each first-order cohort ordering again in later periods',
      'retention.curve': 'Retention curve: watched a video after the first order vs not (%)', 'retention.npsTime': 'NPS over time',
      'retention.groupsTitle': 'By group (every rate with its n; “n too small” under 20)', 'retention.group': 'Group', 'retention.repeatPct': 'Repeat %',
      'retention.clv30': 'CLV 30 d', 'retention.clv90': 'CLV 90 d', 'retention.clv365': 'CLV 365 d',
      'retention.lifecycleTitle': "Lifecycle stages (as the SDK's lifecycle:* segments)", 'retention.stage': 'Stage',
      'retention.audiencesTitle': 'Audiences', 'retention.export': 'Export', 'retention.commentsTitle': 'Recent survey comments',
      'retention.cohort': 'Cohort', 'retention.noOrders': 'No orders yet', 'retention.noComments': 'No comments yet', 'retention.allCustomers': 'all customers',
      'retention.nTooSmall': 'n too small (n {n})', 'retention.threshold': 'dormant after {dormant} days ({source}), at risk after {atRisk}; median gap between orders {median} days',
      'retention.unavailable': 'retention unavailable ({error})', 'retention.weeksAfter': 'weeks after first order', 'retention.monthsAfter': 'months after first order',
      'retention.period': 'period', 'retention.countOf': '{count} of {n}',
      'features.title': 'Feature results', 'features.unavailable': 'feature results unavailable ({error})',
      'features.recsTitle': 'Recommendations by reason type', 'features.reason': 'Reason', 'features.shown': 'Shown', 'features.clicked': 'Clicked',
      'features.ctr': 'CTR %', 'features.orders': 'Attributed orders', 'features.revenue': 'Attributed revenue',
      'features.replTitle': 'Replenishment reminders', 'features.reminders': 'Reminders', 'features.reordered': 'Reordered within {days} days',
      'features.reorderRate': 'Reorder rate',
      'features.galleryTitle': 'Gallery: locked teasers → call-to-action clicks → unlock or order (within {days} days)',
      'features.lockReason': 'Lock reason', 'features.teasers': 'Teasers seen', 'features.ctaClicks': 'CTA clicks', 'features.clickPct': 'Click %',
      'features.unlocked': 'Unlocked', 'features.ordered': 'Ordered', 'features.converted': 'Unlocked or ordered %',
      'features.videoTitle': 'Video: share of views reaching each milestone, and bitrate', 'features.reached': 'Reached {percent} %',
      'features.bitrate': 'Avg bitrate (kbps)',
      'features.funnelTitle': 'Cart funnel', 'features.visitors': 'Visitors', 'features.viewed': 'Product viewed', 'features.added': 'Added',
      'features.checkout': 'Checkout started', 'features.orderCompleted': 'Order completed', 'features.cartAbandon': 'Cart abandonment %',
      'features.checkoutAbandon': 'Checkout abandonment %', 'features.noCurrency': '(no currency)',
      'group.all': 'all', 'group.watched': 'watched video', 'group.not watched': 'did not watch',
      'reason.accessory': 'accessory', 'reason.cross-sell': 'cross-sell', 'reason.how-to': 'how-to', 'reason.replenishment': 'replenishment',
      'reason.affinity': 'affinity', 'reason.similar': 'similar', 'reason.popular': 'popular', 'reason.up-next': 'up next', 'reason.unknown': 'unknown',
      'lock.tier': 'membership tier', 'lock.purchase': 'purchase', 'lock.release': 'release date',
    },
    ja: {
      title: 'Encore ダッシュボード', language: '言語', storefront: 'ストア', connecting: '接続中…',
      live: 'ライブ · {time} 更新', offline: 'オフライン ({error}) · 再試行中', noData: 'まだデータがありません',
      'total.events': 'イベント', 'total.visitors': '訪問者', 'total.videoViews': '動画視聴', 'total.orders': '注文',
      'total.forwardQueue': '転送キュー', 'total.forwardQueueHint': 'FORWARD_URL への送信待ちバッチ',
      'qoe.title': '商品カテゴリ別の動画 QoE', category: 'カテゴリ', views: '視聴数', 'qoe.startupP50': '起動時間 p50 (ms)',
      'qoe.startupP95': '起動時間 p95 (ms)', 'qoe.rebuffer': 'リバッファ %', 'qoe.ebvs': '開始前離脱 %', 'qoe.failures': '失敗 %',
      'qoe.watchTime': '視聴時間 (秒)', 'chart.startup': 'カテゴリ別の起動時間 (ms)', 'chart.views': 'カテゴリ別の視聴数と視聴時間',
      'series.views': '視聴数', 'series.watchTime': '視聴時間 (秒)',
      'top.title': '人気の動画', 'top.video': '動画', 'top.completed': '完了 %',
      'vitals.title': 'Web Vitals (p75)', 'vitals.metric': '指標', 'vitals.good': '良好 %', 'vitals.samples': 'サンプル数',
      'segments.title': 'セグメント', 'segments.segment': 'セグメント', 'segments.audience': 'オーディエンス', 'chart.segments': 'セグメント別の訪問者 (上位 8)',
      'series.visitors': '訪問者',
      'volume.title': 'イベント量', 'chart.volume': '1 分あたりのイベント', 'series.eventsPerMin': 'イベント/分',
      'commerce.title': 'コマース', 'commerce.revenue': '売上', 'commerce.aov': '平均注文額', 'commerce.repeat': 'リピート購入率',
      'conversion.title': 'コンバージョン: カテゴリの動画を見た買い物客と見なかった買い物客', 'conversion.watchers': '視聴者',
      'conversion.watchersBought': '購入した視聴者 %', 'conversion.others': 'その他', 'conversion.othersBought': '購入したその他 %',
      'conversion.startup': '起動時間 (ms): 購入 / 非購入', 'conversion.rebuffer': 'リバッファ %: 購入 / 非購入',
      'chart.conversion': 'カテゴリ別コンバージョン: 視聴 vs 非視聴 (%)', 'chart.startupBuckets': '起動時間別の視聴者コンバージョン (%)',
      'series.watched': '視聴した', 'series.notWatched': '視聴しなかった', 'series.conversion': 'コンバージョン %',
      'retention.title': 'リテンション', 'retention.cohortsBy': 'コホート単位', 'retention.week': '週', 'retention.month': '月',
      'retention.dormantAfter': '休眠とみなす日数', 'retention.dormantPlaceholder': '注文間隔の中央値 × 2', 'retention.customers': '顧客',
      'retention.repeatRate': 'リピート率', 'retention.daysToSecond': '2 回目の注文までの日数 (中央値)', 'retention.frequency': '顧客あたり注文数',
      'retention.aov': '平均注文額', 'retention.atRisk': '離反リスク', 'retention.dormant': '休眠', 'retention.nps': 'NPS', 'retention.csat': 'CSAT',
      'retention.cohortsTitle': 'コホート: 初回注文のコホートのうち後の期間に再注文した割合',
      'retention.curve': 'リテンション曲線: 初回注文後に動画を見た vs 見なかった (%)', 'retention.npsTime': 'NPS の推移',
      'retention.groupsTitle': 'グループ別 (すべての率に n を併記、20 未満は「n が少なすぎます」)', 'retention.group': 'グループ', 'retention.repeatPct': 'リピート %',
      'retention.clv30': 'CLV 30 日', 'retention.clv90': 'CLV 90 日', 'retention.clv365': 'CLV 365 日',
      'retention.lifecycleTitle': 'ライフサイクル段階 (SDK の lifecycle:* セグメント)', 'retention.stage': '段階',
      'retention.audiencesTitle': 'オーディエンス', 'retention.export': 'エクスポート', 'retention.commentsTitle': '最近のアンケートコメント',
      'retention.cohort': 'コホート', 'retention.noOrders': 'まだ注文がありません', 'retention.noComments': 'まだコメントがありません', 'retention.allCustomers': '全顧客',
      'retention.nTooSmall': 'n が少なすぎます (n {n})', 'retention.threshold': '休眠: {dormant} 日後 ({source})、離反リスク: {atRisk} 日後、注文間隔の中央値 {median} 日',
      'retention.unavailable': 'リテンションを取得できません ({error})', 'retention.weeksAfter': '初回注文からの週数', 'retention.monthsAfter': '初回注文からの月数',
      'retention.period': '期間', 'retention.countOf': '{n} 人中 {count} 人',
      'features.title': '機能の成果', 'features.unavailable': '機能の成果を取得できません ({error})',
      'features.recsTitle': '理由別のおすすめ', 'features.reason': '理由', 'features.shown': '表示', 'features.clicked': 'クリック',
      'features.ctr': 'クリック率 %', 'features.orders': '貢献した注文', 'features.revenue': '貢献した売上',
      'features.replTitle': '補充リマインダー', 'features.reminders': 'リマインダー', 'features.reordered': '{days} 日以内に再注文',
      'features.reorderRate': '再注文率',
      'features.galleryTitle': 'ギャラリー: ロック中のティーザー → CTA クリック → 解除または注文 ({days} 日以内)',
      'features.lockReason': 'ロックの理由', 'features.teasers': 'ティーザー表示', 'features.ctaClicks': 'CTA クリック', 'features.clickPct': 'クリック %',
      'features.unlocked': '解除', 'features.ordered': '注文', 'features.converted': '解除または注文 %',
      'features.videoTitle': '動画: 各マイルストーンに達した視聴の割合とビットレート', 'features.reached': '{percent} % 到達',
      'features.bitrate': '平均ビットレート (kbps)',
      'features.funnelTitle': 'カートファネル', 'features.visitors': '訪問者', 'features.viewed': '商品閲覧', 'features.added': 'カート追加',
      'features.checkout': '購入手続き開始', 'features.orderCompleted': '注文完了', 'features.cartAbandon': 'カート放棄率 %',
      'features.checkoutAbandon': '購入手続き放棄率 %', 'features.noCurrency': '(通貨なし)',
      'group.all': 'すべて', 'group.watched': '動画を見た', 'group.not watched': '動画を見なかった',
      'reason.accessory': 'アクセサリー', 'reason.cross-sell': 'クロスセル', 'reason.how-to': '使い方', 'reason.replenishment': '補充',
      'reason.affinity': '好み', 'reason.similar': '類似', 'reason.popular': '人気', 'reason.up-next': '次の動画', 'reason.unknown': '不明',
      'lock.tier': '会員ランク', 'lock.purchase': '購入', 'lock.release': '公開日',
    },
  };
  const LOCALES = { en: 'en-US', ja: 'ja-JP' };
  const LANGS = Object.keys(STRINGS);

  const fromQuery = new URLSearchParams(location.search).get('lang');
  let lang = LANGS.includes(fromQuery) ? fromQuery : String(navigator.language || '').toLowerCase().startsWith('ja') ? 'ja' : 'en';
  const listeners = [];

  /** The string for key in the current language ({name} filled from vars); the key itself when missing. */
  const t = (key, vars) => {
    const s = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
    return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
  };
  /** t() for a label from data (a reason type, a group): the data itself when the table has none. */
  const label = (prefix, value) => (STRINGS.en[`${prefix}.${value}`] ? t(`${prefix}.${value}`) : String(value));
  const locale = () => LOCALES[lang];
  const empty = (v) => v === null || v === undefined || Number.isNaN(Number(v));
  const num = (v, digits = 0) => (empty(v) ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(Number(v)));
  /** An amount in one currency, formatted for the locale; a code Intl does not know is shown after the number. */
  const money = (amount, currency) => {
    if (empty(amount)) return '–';
    if (!currency) return `${num(amount, 2)} ${t('features.noCurrency')}`;
    try {
      return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(Number(amount));
    } catch {
      return `${num(amount, 2)} ${currency}`;
    }
  };

  function apply() {
    document.documentElement.lang = lang;
    document.title = t('title');
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
    for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
    const picker = document.getElementById('lang-switch');
    if (picker) picker.value = lang;
  }

  function setLang(next) {
    if (!LANGS.includes(next) || next === lang) return;
    lang = next;
    const url = new URL(location.href);
    url.searchParams.set('lang', lang);
    history.replaceState(history.state, '', url);
    apply();
    for (const fn of listeners) fn();
  }

  window.encoreDashboard = { t, label, num, money, locale, lang: () => lang, onLang: (fn) => listeners.push(fn) };
  apply();
  document.getElementById('lang-switch')?.addEventListener('change', (e) => setLang(e.target.value));
})();
