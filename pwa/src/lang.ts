// The language chosen on this phone, and the messages the service worker needs too (it
// sends the outbox with no window open and records why an item failed): kept apart from
// the app's other texts so that the service worker does not carry them all.

export type Lang = 'zh-CN' | 'en';

let lang: Lang = (typeof localStorage !== 'undefined' && localStorage.getItem('lang') === 'en') ? 'en' : 'zh-CN';

export function getLang(): Lang {
  return lang;
}

export function setLang(l: Lang) {
  lang = l;
  localStorage.setItem('lang', l);
  document.documentElement.lang = l;
}

export const errors = {
  zh: {
    'err.offline': '没有网络连接，记录已保存，有网络时会自动上传。',
    'err.server': '服务器暂时无法访问，请稍后再试。',
    'err.login': '登录已过期，请重新登录。',
    'err.forbidden': '您没有权限进行此操作。',
    'err.notFound': '找不到这条记录。',
    'err.conflict': '这条记录已被修改或编号重复，请刷新后重试。',
    'err.input': '填写有误：',
    'err.rateLimited': '尝试次数过多，请稍等片刻再试。',
    'err.passwordChange': '请先设置自己的密码：重新登录后按提示设置。',
  },
  en: {
    'err.offline': 'No connection. The record is saved and will upload when there is one.',
    'err.server': 'The server cannot be reached right now; please try again later.',
    'err.login': 'Your sign-in has expired; please sign in again.',
    'err.forbidden': 'You are not allowed to do this.',
    'err.notFound': 'This record cannot be found.',
    'err.conflict': 'This record was changed or its id is taken; reload and try again.',
    'err.input': 'Please correct: ',
    'err.rateLimited': 'Too many attempts; please wait a moment.',
    'err.passwordChange': 'Choose your own password first: sign in again and follow the steps.',
  },
};

type ErrorKey = keyof typeof errors.zh;

/** An error message in the phone's language. */
export function errorText(key: ErrorKey): string {
  return errors[lang === 'en' ? 'en' : 'zh'][key];
}
