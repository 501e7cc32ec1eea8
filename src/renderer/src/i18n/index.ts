// The one table of UI strings, joined from one file per part of the product: each key has its
// Simplified Chinese text first, English second. Components call t('key', { params }); "{name}"
// in a text is replaced by params.name.

import { accountsMessages } from './accounts'
import { desktopMessages } from './desktop'
import { fieldMessages } from './field'
import { foundationMessages } from './foundation'
import { importsMessages } from './imports'
import { moneyMessages } from './money'
import { reportsMessages } from './reports'

const messages = {
  ...foundationMessages,
  ...importsMessages,
  ...reportsMessages,
  ...fieldMessages,
  ...moneyMessages,
  ...desktopMessages,
  ...accountsMessages,
}


export type MessageKey = keyof typeof messages
export const LANGS = ['zh-CN', 'en'] as const
export type Lang = (typeof LANGS)[number]

const LANG_KEY = 'clean-heating-desk.lang'

function currentLang(): Lang {
  try {
    return window.localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

let lang: Lang = typeof window === 'undefined' ? 'zh-CN' : currentLang()

export function getLang(): Lang {
  return lang
}

/** Switches the interface language; the caller reloads the page so every text is redrawn. */
export function setLang(next: Lang): void {
  lang = next
  window.localStorage.setItem(LANG_KEY, next)
}

export function applyDocumentLanguage(): void {
  document.documentElement.lang = lang
  document.title = t('app.name')
}

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const pair = messages[key]
  return fill(lang === 'en' ? pair[1] : pair[0], params)
}

/** For keys built from data (a method name, a field): the text if the table has it, else fallback. */
export function tOr(key: string, fallback: string, params?: Record<string, string | number>): string {
  return key in messages ? t(key as MessageKey, params) : fallback
}
