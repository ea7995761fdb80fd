// Training centres: cohorts (list, create, edit), enrolment requests, attendance (one tap per trainee),
// certificates, and roster uploads with a progress bar.
import { api, ApiError, waitTask } from "./api.js";
import { _, digits, day } from "./i18n.js";
import { h, icon, toast, screen, field, select, errorBox, formData } from "./ui.js";
import { route, session, go, refresh } from "./app.js";

const STAFF = ["centre_staff"];
const today = () => new Date().toISOString().slice(0, 10);

route(/^#\/centre$/, async () => {
  const data = await api("/cohorts", { params: { centre: session.user.centre_id, per_page: 50, sort: "newest" } });
  screen(_("Cohorts"),
    h("p", {}, h("a", { class: "button", href: "#/centre/new" }, _("New cohort"))),
    data.items.length ? null : h("p", { class: "muted" }, _("No cohorts yet.")),
    data.items.map((c) => h("a", { class: "card kind", href: `#/centre/cohorts/${c.id}`, "data-cohort": c.id }, icon("school"),
      h("div", { class: "grow" }, h("h2", {}, c.title),
        h("div", {}, h("span", { class: "badge" }, c.status_label), " ", c.mode_label),
        h("div", { class: "muted" }, day(c.start_date), " – ", day(c.end_date), " · ",
          _("{taken} of {capacity} seats taken", { taken: c.capacity - c.seats_left, capacity: c.capacity }))))));
}, STAFF);

function cohortForm(values, onsave, { create }) {
  const box = h("div");
  const commissioner = h("div", {},
    field(_("Commissioning body"), h("input", { name: "commissioner_name", value: values.commissioner_name || "" })),
    field(_("Kind of commissioning body"), select("commissioner_kind", [["department", _("Government department")],
      ["employer", _("Employer")], ["other", _("Other")]], values.commissioner_kind)));
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    const data = formData(form);
    for (const k of ["capacity"]) if (data[k]) data[k] = Number(data[k]);
    if (data.mode !== "commissioned") { delete data.commissioner_name; delete data.commissioner_kind; }
    try { await onsave(data); } catch (err) { box.replaceChildren(errorBox(err)); }
  } },
  field(_("Title"), h("input", { name: "title", value: values.title || "", required: true, maxlength: "128" })),
  create ? [
    field(_("Mode"), select("mode", [["commissioned", _("Commissioned")], ["on_the_job", _("On the job")]], values.mode,
      { onchange: (event) => { commissioner.hidden = event.target.value !== "commissioned"; } })),
    commissioner,
    field(_("Occupation code"), h("input", { name: "occupation_code", value: values.occupation_code || "", required: true })),
    field(_("County code"), h("input", { name: "county_code", value: values.county_code || "", inputmode: "numeric", required: true })),
    h("div", { class: "row" },
      field(_("Start date"), h("input", { name: "start_date", type: "date", value: values.start_date || "", required: true })),
      field(_("End date"), h("input", { name: "end_date", type: "date", value: values.end_date || "", required: true }))),
    field(_("Language of teaching"), select("language", [["bo", "བོད་ཡིག"], ["zh", "中文"]], values.language)),
  ] : null,
  field(_("Seats"), h("input", { name: "capacity", type: "number", min: "1", value: values.capacity || "", required: true })),
  field(_("Description"), h("textarea", { name: "description", rows: 3 }, values.description || "")),
  box, h("p", {}, h("button", { type: "submit" }, _("Save"))));
  return form;
}

route(/^#\/centre\/new$/, async () => {
  screen(_("New cohort"), cohortForm({ mode: "commissioned", language: "bo" }, async (data) => {
    const cohort = await api("/cohorts", { method: "POST", body: data });
    toast(_("Saved."));
    go(`#/centre/cohorts/${cohort.id}`);
  }, { create: true }));
}, STAFF);

route(/^#\/centre\/cohorts\/(\d+)\/edit$/, async (id) => {
  const c = await api(`/cohorts/${id}`);
  screen(_("Edit cohort"), cohortForm(c, async (data) => {
    await api(`/cohorts/${id}`, { method: "PATCH", body: { title: data.title, capacity: data.capacity, description: data.description || "" } });
    toast(_("Saved."));
    go(`#/centre/cohorts/${id}`);
  }, { create: false }));
}, STAFF);

const NEXT = { planned: ["open", () => _("Open for enrolment")], open: ["running", () => _("Start the course")],
  running: ["completed", () => _("Complete the course")] };

route(/^#\/centre\/cohorts\/(\d+)$/, async (id) => {
  const [c, waiting, trainees] = await Promise.all([api(`/cohorts/${id}`),
    api(`/cohorts/${id}/enrolments`, { params: { status: "applied", per_page: 50 } }),
    api(`/cohorts/${id}/enrolments`, { params: { status: "confirmed", per_page: 50 } })]);
  const post = (path, body) => async (event) => {
    event.currentTarget.disabled = true;
    try { await api(path, { method: "POST", body }); toast(_("Done.")); refresh(`#/centre/cohorts/${id}`); }
    catch (err) { toast(err.message || _("No connection. Try again when you are online.")); refresh(`#/centre/cohorts/${id}`); }
  };
  const next = NEXT[c.status];
  screen(c.title,
    h("p", {}, h("span", { class: "badge" }, c.status_label), " ", c.mode_label, " · ",
      _("{taken} of {capacity} seats taken", { taken: c.seats_taken, capacity: c.capacity })),
    h("div", { class: "row" },
      h("a", { class: "button secondary", href: `#/centre/cohorts/${id}/edit` }, _("Edit")),
      next ? h("button", { type: "button", onclick: post(`/cohorts/${id}/status`, { status: next[0] }) }, next[1]()) : null),
    h("h2", {}, _("Sessions")),
    c.sessions.map((s) => h("a", { class: "card", href: `#/centre/cohorts/${id}/attendance/${s.id}`, "data-session": s.id },
      h("strong", {}, _("Session {n}", { n: s.number })), " · ", day(s.held_on), " · ", s.topic || "", " ",
      h("span", { class: `badge ${s.attendance_taken ? "ok" : "warn"}` }, s.attendance_taken ? _("Attendance taken") : _("Take attendance")))),
    h("h2", {}, _("Enrolment requests")),
    waiting.items.length ? null : h("p", { class: "muted" }, _("Nobody is waiting.")),
    waiting.items.map((e) => h("div", { class: "card", "data-enrolment": e.id },
      h("h3", {}, e.person.name), h("div", { class: "muted" }, [e.person.phone, e.priority_group_label].filter(Boolean).join(" · ")),
      h("div", { class: "row" },
        h("button", { type: "button", onclick: post(`/enrolments/${e.id}/accept`) }, _("Accept")),
        h("button", { type: "button", class: "secondary", onclick: post(`/enrolments/${e.id}/reject`) }, _("Decline"))))),
    h("h2", {}, _("Trainees"), " (", digits(trainees.total), ")"),
    trainees.items.map((e) => h("div", { class: "card" }, e.person.name, " ",
      e.attendance_rate ? h("span", { class: "badge" }, digits(Math.floor(e.attendance_rate)), "%") : null, " ",
      e.certificate ? h("span", { class: "badge ok" }, _("Certificate issued")) : null)),
    c.status === "completed" ? certificates(id) : null,
    ["open", "running", "planned"].includes(c.status) ? roster(id) : null);
}, STAFF);

function certificates(id) {
  const box = h("div");
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    try {
      const result = await api(`/cohorts/${id}/certificates`, { method: "POST", body: formData(form) });
      box.replaceChildren(h("p", { class: "ok", role: "status" }, _("Certificates issued: {n}", { n: (result.certified || []).length })));
    } catch (err) { box.replaceChildren(errorBox(err)); }
  } }, h("h2", {}, _("Certificates")),
  field(_("Level"), select("level", [["basic", _("Basic (level 5)")], ["intermediate", _("Intermediate (level 4)")],
    ["advanced", _("Advanced (level 3)")]], "basic")),
  field(_("Issued on"), h("input", { name: "issued_on", type: "date", value: today(), required: true })),
  box, h("button", { type: "submit" }, _("Issue certificates to all who qualify")));
  return form;
}

function roster(id) {
  const bar = h("progress", { max: "100", value: "0", hidden: true, "aria-label": _("Upload progress") });
  const box = h("div", { role: "status" });
  const input = h("input", { type: "file", name: "file", accept: ".csv,.xlsx", required: true });
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    const body = new FormData();
    body.append("file", input.files[0]);
    bar.hidden = false; bar.value = 0;
    try {
      const upload = await api(`/cohorts/${id}/rosters`, { method: "POST", body });
      await waitTask(upload.task_id, (pct, stage) => { bar.value = pct; box.textContent = stage; });
      const done = await api(`/rosters/${upload.id}`);
      bar.value = 100;
      box.replaceChildren(h("p", { class: done.status === "imported" ? "ok" : "error" }, done.status_label || done.status,
        " · ", _("{n} rows", { n: done.rows ?? 0 })),
      h("ul", {}, (done.errors || []).map((e) => h("li", {}, _("Row {row}", { row: e.row ?? "-" }), " ", e.field, ": ", e.message))));
    } catch (err) { box.replaceChildren(errorBox(err)); }
  } }, h("h2", {}, _("Upload a roster")), field(_("CSV or Excel file"), input), bar, box,
  h("button", { type: "submit" }, icon("upload"), _("Upload")));
  return form;
}

// Attendance for one session: one tap per trainee marks them present (tap again: absent), then save.
route(/^#\/centre\/cohorts\/(\d+)\/attendance\/(\d+)$/, async (id, sessionId) => {
  const [c, trainees] = await Promise.all([api(`/cohorts/${id}`),
    api(`/cohorts/${id}/enrolments`, { params: { status: "confirmed", per_page: 50 } })]);
  const session = c.sessions.find((s) => String(s.id) === sessionId);
  const present = new Set();
  const result = h("div", { role: "status" });
  const buttons = trainees.items.map((e) => h("button", { type: "button", "aria-pressed": "false", "data-trainee": e.id,
    onclick: (event) => {
      const on = !present.has(e.id);
      if (on) present.add(e.id); else present.delete(e.id);
      event.currentTarget.setAttribute("aria-pressed", String(on));
      count.textContent = _("{n} present", { n: present.size });
    } }, e.person.name));
  const count = h("p", { class: "muted" }, _("{n} present", { n: 0 }));
  const save = h("button", { type: "button", id: "save-attendance", onclick: async () => {
    save.disabled = true;
    try {
      const sheet = await api(`/cohorts/${id}/sessions/${sessionId}/attendance`, { method: "PUT", body: { present: [...present] } });
      result.replaceChildren(h("p", { class: "ok" }, _("Attendance saved.")), h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, _("Name")), h("th", { class: "n" }, _("Attended")), h("th", {}, ""))),
        h("tbody", {}, sheet.trainees.map((t) => h("tr", {}, h("td", {}, t.name),
          h("td", { class: "n" }, digits(`${t.present}/${t.held}`)),
          h("td", {}, t.behind ? h("span", { class: "badge bad" }, _("Behind")) : ""))))));
    } catch (err) { result.replaceChildren(errorBox(err)); }
    save.disabled = false;
  } }, icon("check"), _("Save attendance"));
  screen(_("Attendance"),
    h("p", {}, c.title, " · ", _("Session {n}", { n: session ? session.number : "?" }), " · ", day(session?.held_on)),
    h("p", { class: "muted" }, _("Tap everyone who is here.")),
    h("div", { class: "attend" }, buttons), count, h("p", {}, save), result);
}, STAFF);
