// Messages: English source strings marked _("…") (babel's javascript extractor reads them), translated by
// /i18n/<locale>.json built from the catalogs. Numbers may be shown in Tibetan digits.
export const LOCALES = { bo: "bo", zh_Hans: "zh-Hans" };
let table = {};
export const state = { locale: null, digits: false };

export function savedLocale() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (fromUrl in LOCALES) return fromUrl;
  const stored = localStorage.getItem("lang");
  return stored in LOCALES ? stored : null;
}

export async function setLocale(locale) {
  const response = await fetch(`/i18n/${locale}.json`);
  table = response.ok ? await response.json() : {};
  state.locale = locale;
  state.digits = localStorage.getItem("digits") === "1";
  localStorage.setItem("lang", locale);
  document.cookie = `pwa_lang=${locale}; path=/; max-age=31536000; samesite=strict`;
  document.documentElement.lang = LOCALES[locale];
  const link = document.querySelector('link[rel="manifest"]');
  if (link) link.href = `/manifest.${locale}.webmanifest`;
}

export function setDigits(on) {
  state.digits = !!on;
  localStorage.setItem("digits", on ? "1" : "0");
}

const TIBETAN_DIGITS = "༠༡༢༣༤༥༦༧༨༩";
export function digits(text) {
  text = String(text ?? "");
  return state.digits && state.locale === "bo" ? text.replace(/[0-9]/g, (d) => TIBETAN_DIGITS[d]) : text;
}

// _("Hello {name}", {name}) -> the translation with {placeholders} filled in (numbers through digits()).
export function _(message, values) {
  let text = table[message] || message;
  if (values) text = text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? digits(values[key]) : all));
  return text;
}

export function money(value) {
  if (value == null || value === "") return "";
  return digits(Math.round(Number(value)).toLocaleString("en-US"));
}

export function day(iso) {
  return iso ? digits(String(iso).slice(0, 10)) : "";
}
