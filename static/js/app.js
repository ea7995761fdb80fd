// The shell: language, session, router (#/…), tabs, service worker, the offline outbox.
import { api, ApiError } from "./api.js";
import { _, savedLocale, setLocale, setDigits, state } from "./i18n.js";
import { h, icon, toast, screen, field, errorBox, formData } from "./ui.js";
import { flush, onSent } from "./outbox.js";

export const session = { user: null };
const routes = [];
export const route = (pattern, view, roles) => routes.push({ pattern, view, roles });

const TABS = {
  guest: [["#/jobs", "jobs", () => _("Jobs")], ["#/training", "school", () => _("Training")],
          ["#/login", "user", () => _("Log in")]],
  worker: [["#/jobs", "jobs", () => _("Jobs")], ["#/for-you", "star", () => _("For you")],
           ["#/applications", "list", () => _("My applications")], ["#/training", "school", () => _("Training")],
           ["#/inbox", "bell", () => _("Inbox")], ["#/me", "user", () => _("Me")]],
  centre_staff: [["#/centre", "school", () => _("Cohorts")], ["#/me", "user", () => _("Me")]],
  official: [["#/dashboard", "chart", () => _("Dashboard")], ["#/approvals", "check", () => _("Approvals")],
             ["#/me", "user", () => _("Me")]],
};
const HOME = { worker: "#/jobs", centre_staff: "#/centre", official: "#/dashboard" };

function renderTabs() {
  const tabs = TABS[session.user ? session.user.role : "guest"] || TABS.guest;
  const here = location.hash.split("/").slice(0, 2).join("/") || "#/jobs";
  document.getElementById("tabs").replaceChildren(...tabs.map(([href, name, label]) =>
    h("a", { href, "aria-current": here === href ? "page" : null }, icon(name), h("span", {}, label()))));
}

function showNet() {
  const el = document.getElementById("net");
  el.hidden = navigator.onLine;
  el.textContent = _("Offline");
}

export function go(hash) {
  if (location.hash === hash) render(); else location.hash = hash;
}

// After an action, draw ``hash`` again with fresh data, unless the user has meanwhile moved to another screen
// (on a slow line the answer may come long after the tap).
export function refresh(hash) {
  if (location.hash === hash) render();
}

// Views load data before they draw: renders run one after another, each drawing the hash current when it
// starts, so a slow earlier screen can never overwrite a later one.
let rendering = Promise.resolve();
function render() {
  rendering = rendering.then(draw, draw);
  return rendering;
}

async function draw() {
  if (!state.locale) return chooseLanguage();
  const hash = location.hash || HOME[session.user?.role] || "#/jobs";
  renderTabs();
  for (const { pattern, view, roles } of routes) {
    const match = hash.match(pattern);
    if (!match) continue;
    if (roles && (!session.user || !roles.includes(session.user.role))) return go("#/login");
    try {
      await view(...match.slice(1));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) { remember(null); return go("#/login"); }
      screen(_("Something went wrong"), errorBox(err));
    }
    return;
  }
  screen(_("Page not found"), h("a", { class: "button", href: "#/jobs" }, _("Jobs")));
}

function chooseLanguage() {
  document.getElementById("tabs").replaceChildren();
  const main = document.getElementById("main");
  const pick = (locale) => async () => { await setLocale(locale); await afterLanguage(); render(); };
  main.replaceChildren(
    h("h1", { lang: "bo" }, "སྐད་ཡིག་འདེམས་རོགས།"), h("p", { lang: "zh-Hans" }, "请选择语言"),
    h("div", { class: "choose" },
      h("button", { type: "button", lang: "bo", onclick: pick("bo") }, "བོད་ཡིག"),
      h("button", { type: "button", lang: "zh-Hans", class: "secondary", onclick: pick("zh_Hans") }, "中文")));
}

async function afterLanguage() {
  document.getElementById("brand").textContent = _("Jobs and training");
  showNet();
  if (session.user && session.user.locale !== state.locale) {
    try { remember(await api("/me", { method: "PATCH", body: { locale: state.locale } })); } catch { /* later */ }
  }
}

export async function switchLanguage(locale) {
  await setLocale(locale || (state.locale === "bo" ? "zh_Hans" : "bo"));
  await afterLanguage();
  render();
}

// Only ask who is logged in when this phone has logged in before (saves a request, and a 401, for visitors).
// Kept: the few fields the screens need, so the app still knows its user when it starts offline.
const KEPT = ["id", "role", "role_label", "display_name", "locale", "tibetan_digits", "division_code", "centre_id"];
function remember(user) {
  session.user = user;
  if (user) localStorage.setItem("signedIn", JSON.stringify(Object.fromEntries(KEPT.map((k) => [k, user[k]]))));
  else localStorage.removeItem("signedIn");
}

export async function loadSession() {
  const kept = localStorage.getItem("signedIn");
  if (!kept) { session.user = null; return null; }
  try { remember(await api("/me")); } catch (err) {
    if (err instanceof ApiError && err.status === 401) remember(null);
    else session.user = JSON.parse(kept);  // offline (or the server busy): the user as last seen
  }
  if (session.user && session.user.tibetan_digits !== undefined && localStorage.getItem("digits") === null) {
    setDigits(session.user.tibetan_digits);
  }
  return session.user;
}

// Log in and register (the session cookie is HttpOnly; the app only ever sees the user).
route(/^#\/login$/, async () => {
  const box = h("div");
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    const data = formData(form);
    try {
      const result = await api("/auth/login", { method: "POST", body: { ...data, session: "cookie" } });
      remember(result.user);
      await afterLanguage();
      await lazy({ centre_staff: "centre", official: "official" }[session.user.role] || "worker");
      flush();
      go(HOME[session.user.role] || "#/jobs");
    } catch (err) { box.replaceChildren(errorBox(err)); }
  } },
  field(_("Phone number or user name"), h("input", { name: "login", autocomplete: "username", required: true })),
  field(_("Password"), h("input", { name: "password", type: "password", autocomplete: "current-password", required: true })),
  box, h("p", {}, h("button", { type: "submit" }, _("Log in"))));
  screen(_("Log in"), form, h("p", {}, h("a", { class: "button secondary", href: "#/register" }, _("Create an account"))));
});

route(/^#\/register$/, async () => {
  const box = h("div");
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    try {
      const result = await api("/auth/register", { method: "POST", body: { ...formData(form), locale: state.locale } });
      remember(result.user);
      go("#/jobs");
    } catch (err) { box.replaceChildren(errorBox(err)); }
  } },
  field(_("Name"), h("input", { name: "name", autocomplete: "name", required: true })),
  field(_("Phone number"), h("input", { name: "phone", type: "tel", inputmode: "numeric", autocomplete: "tel", required: true })),
  field(_("Password"), h("input", { name: "password", type: "password", autocomplete: "new-password", required: true }),
    _("At least 8 characters.")),
  box, h("p", {}, h("button", { type: "submit" }, _("Create an account"))));
  screen(_("Create an account"), form);
});

route(/^#\/me$/, async () => {
  const { profileView } = await import("./worker.js");
  return profileView();
});

export async function logout() {
  try { await api("/auth/logout", { method: "POST" }); } catch { /* the cookie goes anyway */ }
  remember(null);
  go("#/jobs");
}

async function lazy(module) {
  return module === "centre" ? import("./centre.js") : module === "official" ? import("./official.js") : import("./worker.js");
}

async function start() {
  const locale = savedLocale();
  document.getElementById("lang-switch").addEventListener("click", () => switchLanguage());
  window.addEventListener("hashchange", render);
  window.addEventListener("online", () => { showNet(); flush(); });
  window.addEventListener("offline", showNet);
  onSent((results) => {
    const sent = results.filter((r) => r.application).length;
    if (sent) toast(_("{n} saved applications were sent.", { n: sent }));
    for (const r of results) if (r.error) toast(`${r.item.title}: ${r.error.message}`);
    if (location.hash.startsWith("#/applications") || location.hash.startsWith("#/jobs/")) render();
  });
  if (locale) await setLocale(locale);
  await loadSession();
  const role = session.user?.role;
  await Promise.all([lazy("worker"), role === "centre_staff" && lazy("centre"), role === "official" && lazy("official")]);
  if (locale) await afterLanguage();
  await render();
  if (session.user) flush();
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  document.documentElement.dataset.ready = "1";
}

export const loadModule = lazy;
start();
