// Workers' screens: jobs (filters, endless scrolling), a job, applying (also offline), my applications,
// recommendations, training, notifications, profile and settings.
import { api, ApiError } from "./api.js";
import { _, digits, money, day, state, setDigits } from "./i18n.js";
import { h, icon, toast, screen, field, select, errorBox, formData } from "./ui.js";
import { pending, queueApply, sendApply, newKey, flush } from "./outbox.js";
import { route, session, go, refresh, logout, switchLanguage } from "./app.js";

const KINDS = () => [["", _("All kinds")], ["aid_tibet", _("Aid-Tibet position")],
  ["local_project", _("Local project job")], ["work_for_relief", _("Work-for-relief job")],
  ["eco_post", _("Ecological-protection post")], ["general", _("General job")]];

let reference = null;
async function loadReference() {
  if (!reference || reference.locale !== state.locale) {
    const [prefectures, occupations] = await Promise.all([
      api("/divisions", { params: { level: "prefecture" } }), api("/occupations")]);
    reference = { locale: state.locale, prefectures, occupations };
  }
  return reference;
}

// Workers report unpaid wages at this employer (open arrears): an icon and a text, never colour alone.
const arrearsFlag = (p) => p.employer_has_arrears
  ? h("div", { class: "warn arrears" }, icon("alert"), _("Workers report unpaid wages at this employer")) : null;

const wage = (p) => p.wage_min === p.wage_max ? `¥${money(p.wage_min)}` : `¥${money(p.wage_min)}–${money(p.wage_max)}`;

function jobCard(p, extra) {
  return h("a", { class: "card kind", href: `#/jobs/${p.id}`, "data-position": p.id },
    icon(p.kind, p.kind_label),
    h("div", { class: "grow" },
      h("h2", {}, p.title),
      h("div", {}, h("span", { class: "wage" }, wage(p), " ", _("a month"))),
      h("div", { class: "muted" }, [p.workplace?.name, p.employer_name].filter(Boolean).join(" · ")),
      h("div", {}, h("span", { class: "badge" }, p.kind_label), " ",
        p.places_left !== undefined ? h("span", { class: "badge ok" }, _("{n} places left", { n: p.places_left })) : null),
      arrearsFlag(p), extra || null));
}

// Jobs: filters in the URL (#/jobs?kind=…), pages appended as the reader scrolls.
route(/^#\/jobs(?:\?(.*))?$/, async (qs) => {
  const filters = Object.fromEntries(new URLSearchParams(qs || ""));
  const ref = await loadReference().catch(() => ({ prefectures: [], occupations: [] }));
  const form = h("form", { class: "filters", role: "search", onsubmit: (event) => {
    event.preventDefault();
    go(`#/jobs?${new URLSearchParams(formData(form))}`);
  } },
  h("div", { class: "row" },
    field(_("Kind of job"), select("kind", KINDS(), filters.kind)),
    field(_("Area"), select("prefecture", [["", _("All areas")], ...ref.prefectures.map((d) => [d.code, d.name])], filters.prefecture))),
  h("div", { class: "row" },
    field(_("Occupation"), select("occupation", [["", _("All occupations")], ...ref.occupations.map((o) => [o.code, o.name])], filters.occupation)),
    field(_("Lowest monthly wage (yuan)"), h("input", { name: "min_wage", type: "number", min: "0", step: "100", inputmode: "numeric", value: filters.min_wage || "" }))),
  h("p", {}, h("button", { type: "submit" }, _("Show jobs"))));
  const list = h("div", { id: "job-list" });
  const status = h("p", { class: "muted", role: "status" });
  const sentinel = h("div", { class: "sentinel" });
  screen(_("Jobs"), form, list, status, sentinel);
  let page = 0, pages = 1, loading = false;
  async function more() {
    if (loading || page >= pages) return;
    loading = true;
    status.textContent = _("Loading…");
    try {
      const data = await api("/positions", { params: { ...filters, open: "true", page: page + 1, per_page: 20 } });
      page = data.page; pages = data.pages;
      list.append(...data.items.map((p) => jobCard(p)));
      status.textContent = data.total === 0 ? _("No jobs match these filters.")
        : page >= pages ? _("{n} jobs, all shown.", { n: data.total }) : "";
    } catch (err) {
      status.textContent = err instanceof ApiError ? err.message : _("No connection. Try again when you are online.");
    } finally { loading = false; }
    if (page < pages && sentinel.getBoundingClientRect().top < innerHeight + 400) more();
  }
  new IntersectionObserver((entries) => { if (entries[0].isIntersecting) more(); }, { rootMargin: "400px" }).observe(sentinel);
  await more();
});

async function myApplications() {
  try { return (await api("/me/applications", { params: { per_page: 50 } })).items; } catch { return []; }
}

// One job, and applying in two taps: "Apply", then "Send my application".
route(/^#\/jobs\/(\d+)$/, async (id) => {
  const p = await api(`/positions/${id}`);
  const action = h("div", { id: "apply" });
  screen(p.title,
    h("div", { class: "card kind" }, icon(p.kind, p.kind_label), h("div", { class: "grow" },
      h("p", { class: "wage" }, wage(p), " ", _("a month")),
      h("p", {}, p.kind_label, " · ", p.occupation?.name),
      h("p", {}, _("Workplace"), ": ", p.workplace?.name),
      h("p", {}, _("Employer"), ": ", p.employer_name),
      h("p", {}, _("{n} places left", { n: p.places_left }), p.deadline ? " · " + _("Apply by {date}", { date: day(p.deadline) }) : ""),
      h("p", {}, [p.housing && _("Housing provided"), p.meals && _("Meals provided")].filter(Boolean).join(" · ")),
      arrearsFlag(p))),
    p.description ? h("p", {}, p.description) : null,
    action);
  await applyBox(p, action);
});

async function applyBox(p, box) {
  if (!session.user) {
    box.replaceChildren(h("a", { class: "button", href: "#/login" }, _("Log in to apply")));
    return;
  }
  if (session.user.role !== "worker") return box.replaceChildren();
  const queued = (await pending()).find((item) => item.positionId === p.id);
  if (queued) {
    box.replaceChildren(h("p", { class: "warn", role: "status" }, _("Saved on this phone. It will be sent when you are online.")));
    return;
  }
  const mine = (await myApplications()).find((a) => a.position.id === p.id);
  if (mine && mine.status !== "withdrawn") {
    box.replaceChildren(h("p", { role: "status" }, _("Your application"), ": ", h("span", { class: "badge ok" }, mine.status_label)),
      h("a", { class: "button secondary", href: "#/applications" }, _("My applications")));
    return;
  }
  if (p.status !== "open") return box.replaceChildren(h("p", { class: "muted" }, p.status_label));
  const first = h("button", { type: "button", onclick: () => box.replaceChildren(
    h("p", {}, _("Send your application for this job?")),
    h("div", { class: "row" },
      h("button", { type: "button", id: "confirm-apply", onclick: (event) => submit(p, box, event.currentTarget) }, _("Send my application")),
      h("button", { type: "button", class: "secondary", onclick: () => applyBox(p, box) }, _("Cancel")))) }, _("Apply"));
  first.id = "apply-button";
  box.replaceChildren(first);
}

// One key per application: if the answer is lost on a weak line, the outbox resends with the same key and the
// server replays its first answer instead of creating a second application.
async function submit(p, box, button) {
  button.disabled = true;
  const key = newKey();
  if (!navigator.onLine) return saveOffline(p, box, key);
  try {
    await sendApply(p.id, key);
    toast(_("Application sent."));
    await applyBox(p, box);
  } catch (err) {
    if (!(err instanceof ApiError)) return saveOffline(p, box, key);
    button.disabled = false;
    box.append(errorBox(err));
  }
}

async function saveOffline(p, box, key) {
  await queueApply(p, key);
  toast(_("Saved on this phone. It will be sent when you are online."));
  await applyBox(p, box);
  if (navigator.onLine) flush();
}

const STATUS_CLASS = { hired: "ok", offered: "ok", shortlisted: "ok", rejected: "bad", withdrawn: "" };

route(/^#\/applications$/, async () => {
  const queued = await pending();
  let data, offline = false;
  try { data = await api("/me/applications", { params: { per_page: 50 } }); } catch (err) {
    if (err instanceof ApiError) throw err;
    data = { items: [] }; offline = true;  // no connection: still show what waits in the outbox
  }
  const withdraw = (a) => async (event) => {
    event.currentTarget.disabled = true;
    try { await api(`/applications/${a.id}/withdraw`, { method: "POST" }); refresh("#/applications"); }
    catch (err) { toast(err.message || _("No connection. Try again when you are online.")); }
  };
  screen(_("My applications"),
    queued.length ? h("section", {}, h("h2", {}, _("Waiting to be sent")),
      queued.map((item) => h("div", { class: "card" }, h("h3", {}, item.title), h("span", { class: "badge warn" }, _("Waiting for a connection"))))) : null,
    offline ? h("p", { class: "warn" }, _("No connection. Try again when you are online."))
      : data.items.length ? null : h("p", { class: "muted" }, _("You have not applied for a job yet.")),
    data.items.map((a) => h("div", { class: "card kind", "data-application": a.id }, icon(a.position.kind, a.position.kind_label),
      h("div", { class: "grow" },
        h("h2", {}, h("a", { href: `#/jobs/${a.position.id}` }, a.position.title)),
        h("div", { class: "muted" }, [a.position.employer_name, a.position.workplace?.name].filter(Boolean).join(" · ")),
        h("div", {}, h("span", { class: `badge status ${STATUS_CLASS[a.status] ?? ""}` }, a.status_label), " ",
          h("span", { class: "muted" }, day(a.updated_at))),
        ["submitted", "shortlisted", "offered"].includes(a.status)
          ? h("button", { type: "button", class: "quiet", onclick: withdraw(a) }, _("Withdraw")) : null))));
}, ["worker"]);

route(/^#\/for-you$/, async () => {
  const data = await api("/me/recommendations", { params: { limit: 20 } });
  const reasons = (r) => [].concat(r.reasons || []).map((x) => (typeof x === "string" ? x : x.text || x.message || ""));
  screen(_("Jobs for you"),
    data.hint ? h("p", { class: "muted" }, data.hint, " ", h("a", { href: "#/me" }, _("Complete your profile"))) : null,
    data.items.length ? null : h("p", { class: "muted" }, _("No recommendations yet.")),
    data.items.map((r) => jobCard(r.position, h("ul", { class: "reasons" }, reasons(r).map((t) => h("li", {}, t))))));
}, ["worker"]);

// Training: open cohorts to enrol in, and my enrolments.
route(/^#\/training$/, async () => {
  const [cohorts, mine] = await Promise.all([
    api("/cohorts", { params: { per_page: 30 } }),
    session.user?.role === "worker" ? api("/me/enrolments", { params: { per_page: 50 } }) : { items: [] }]);
  const enrolled = new Map(mine.items.map((e) => [e.cohort.id, e]));
  const act = (path, label) => h("button", { type: "button", onclick: async (event) => {
    event.currentTarget.disabled = true;
    try { await api(path, { method: "POST", body: path.endsWith("enrolments") ? {} : undefined }); toast(_("Done.")); refresh("#/training"); }
    catch (err) { event.target.disabled = false; toast(err.message || _("No connection. Try again when you are online.")); }
  } }, label);
  screen(_("Training"),
    mine.items.length ? h("section", {}, h("h2", {}, _("My training")), mine.items.map((e) => h("div", { class: "card" },
      h("h3", {}, e.cohort.title), h("div", {}, h("span", { class: "badge" }, e.status_label), " ", e.cohort.centre_name || ""),
      e.certificate ? h("p", { class: "ok" }, _("Certificate issued")) : null,
      e.status === "accepted" ? act(`/enrolments/${e.id}/confirm`, _("Take the place")) : null))) : null,
    h("h2", {}, _("Courses open for enrolment")),
    cohorts.items.length ? null : h("p", { class: "muted" }, _("No courses are open now.")),
    cohorts.items.map((c) => h("div", { class: "card kind" }, icon("school"), h("div", { class: "grow" },
      h("h2", {}, c.title),
      h("div", { class: "muted" }, [c.centre?.name, c.county?.name].filter(Boolean).join(" · ")),
      h("div", {}, day(c.start_date), " – ", day(c.end_date), " · ", c.mode_label, " · ", c.language_label),
      h("div", {}, h("span", { class: "badge ok" }, _("{n} seats left", { n: c.seats_left }))),
      session.user?.role === "worker" && !enrolled.has(c.id) ? act(`/cohorts/${c.id}/enrolments`, _("Ask for a place")) : null))));
});

route(/^#\/inbox$/, async () => {
  const data = await api("/me/notifications", { params: { per_page: 30 } });
  const readAll = h("button", { type: "button", class: "secondary", onclick: async () => {
    await api("/me/notifications/read-all", { method: "POST" }); refresh("#/inbox");
  } }, _("Mark all as read"));
  screen(_("Inbox"),
    data.unread ? readAll : null,
    data.items.length ? null : h("p", { class: "muted" }, _("No messages.")),
    data.items.map((n) => h("div", { class: `card${n.read ? "" : " unread"}` },
      h("h3", {}, n.read ? "" : "● ", n.event_label), h("p", {}, n.message), h("div", { class: "muted" }, day(n.created_at)))));
}, ["worker", "centre_staff", "official"]);

// Profile and settings (everyone): language, Tibetan digits, log out; workers also edit their profile.
export async function profileView() {
  if (!session.user) return go("#/login");
  const box = h("div");
  const digitsBox = h("input", { type: "checkbox", checked: state.digits, onchange: async (event) => {
    setDigits(event.target.checked);
    try { await api("/me", { method: "PATCH", body: { tibetan_digits: event.target.checked } }); } catch { /* kept locally */ }
    refresh("#/me");  // in the new digits
  } });
  const settings = h("section", {}, h("h2", {}, _("Settings")),
    h("div", { class: "row" },
      h("button", { type: "button", class: "secondary", lang: "bo", onclick: () => switchLanguage("bo") }, "བོད་ཡིག"),
      h("button", { type: "button", class: "secondary", lang: "zh-Hans", onclick: () => switchLanguage("zh_Hans") }, "中文")),
    h("label", { class: "check" }, digitsBox, _("Tibetan digits"), " (", digits("0123456789"), ")"),
    h("p", {}, h("button", { type: "button", class: "secondary", onclick: logout }, icon("door"), _("Log out"))));
  if (session.user.role !== "worker") return screen(session.user.display_name, h("p", {}, session.user.role_label), settings);
  const p = await api("/me/profile");
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    const data = formData(form);
    const body = { name: data.name, willing_outside_tibet: form.elements.willing_outside_tibet.checked };
    if (data.min_monthly_wage) body.min_monthly_wage = data.min_monthly_wage;
    try { await api("/me/profile", { method: "PATCH", body }); toast(_("Saved.")); box.replaceChildren(); }
    catch (err) { box.replaceChildren(errorBox(err)); }
  } },
  field(_("Name"), h("input", { name: "name", value: p.name || "", required: true })),
  field(_("Lowest monthly wage you accept (yuan)"), h("input", { name: "min_monthly_wage", type: "number", min: "0", step: "100", value: p.min_monthly_wage ? String(Math.round(p.min_monthly_wage)) : "" })),
  h("label", { class: "check" }, h("input", { type: "checkbox", name: "willing_outside_tibet", checked: !!p.willing_outside_tibet }), _("I will work outside Tibet")),
  box, h("p", {}, h("button", { type: "submit" }, _("Save"))));
  screen(_("Me"), h("p", {}, session.user.phone || ""), form,
    h("p", {}, h("a", { class: "button secondary", href: "#/eco-post" }, icon("eco_post"), _("My eco-post"))),
    h("p", {}, h("a", { class: "button secondary", href: "#/wages" }, icon("wages"), _("Wages"))), settings);
}

// Ecological-protection post holders: their post, duties and payments (static/js/ecoposts.js, loaded on demand).
route(/^#\/eco-post$/, async () => (await import("./ecoposts.js")).ecoPostView(), ["worker"]);
// Wages: confirm last month's pay or report unpaid wages (static/js/wages.js, loaded on demand).
route(/^#\/wages$/, async () => (await import("./wages.js")).wagesView(), ["worker"]);
