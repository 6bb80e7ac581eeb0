/** Default UI strings, English and Japanese. Override any of them with the `strings` option. */
import type { Strings } from '../shared/lang';

export const STRINGS: Strings = {
  en: {
    title: 'Recommended for you',
    'reason.accessory': 'Goes with your {about}',
    'reason.cross-sell': 'Goes with your {about}',
    'reason.how-to': 'How to use your {about}',
    'reason.replenishment': 'Time to replace your {about}',
    'reason.affinity': 'Because you like {about}',
    'reason.similar': 'More in {about}',
    'reason.popular': 'Popular right now',
    due: 'Due {date}',
    upNext: 'Up next',
    playNow: 'Play now',
    cancel: 'Cancel',
    countdown: 'Playing in {n} s',
    announce: 'Up next: {title}. Plays in {n} seconds. Press Escape to cancel.',
    cancelled: 'Up next cancelled',
  },
  ja: {
    title: 'あなたへのおすすめ',
    'reason.accessory': 'お持ちの{about}と一緒に',
    'reason.cross-sell': 'お持ちの{about}と一緒に',
    'reason.how-to': '{about}の使い方',
    'reason.replenishment': '{about}の交換時期です',
    'reason.affinity': '{about}がお好きなあなたに',
    'reason.similar': '{about}のおすすめ',
    'reason.popular': 'いま人気の商品',
    due: '交換目安 {date}',
    upNext: '次の動画',
    playNow: '今すぐ再生',
    cancel: 'キャンセル',
    countdown: '{n}秒後に再生',
    announce: '次の動画: {title}。{n}秒後に再生します。Escキーでキャンセルできます。',
    cancelled: '次の動画の再生をキャンセルしました',
  },
};
