import type { Strings } from '../shared';

/**
 * Default UI strings. Override any key per language with the `strings` option. `tier_<name>` keys
 * translate tier names from the manifest (unknown tiers show capitalized as sent).
 */
export const GALLERY_STRINGS: Strings = {
  en: {
    label: 'Exclusive videos',
    play: 'Play {title}',
    locked: 'Locked',
    new: 'New',
    tier: '{tier} members',
    purchase: 'For buyers of {product}',
    release: 'Available from {date}',
    members: 'Members only',
    close: 'Close',
    loading: 'Loading exclusive videos…',
    error: 'We couldn’t load these videos.',
    retry: 'Try again',
    empty: 'No videos yet.',
    playError: 'This video can’t be played right now. Please try again later.',
    tier_gold: 'Gold',
    tier_silver: 'Silver',
    tier_platinum: 'Platinum',
  },
  ja: {
    label: '限定動画',
    play: '{title}を再生',
    locked: '限定',
    new: 'NEW',
    tier: '{tier}会員限定',
    purchase: '{product}をご購入の方限定',
    release: '{date}から公開',
    members: '会員限定',
    close: '閉じる',
    loading: '限定動画を読み込んでいます…',
    error: '動画を読み込めませんでした。',
    retry: '再読み込み',
    empty: '動画はまだありません。',
    playError: 'この動画は現在再生できません。しばらくしてからお試しください。',
    tier_gold: 'ゴールド',
    tier_silver: 'シルバー',
    tier_platinum: 'プラチナ',
  },
};
