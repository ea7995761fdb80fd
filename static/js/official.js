// Officials: progress against target by prefecture and county (chart), monthly trend, drill down,
// zero-employment households, monthly approval, exports with a progress bar.
import { api, waitTask, query } from "./api.js";
import { _, digits, state, day } from "./i18n.js";
import { h, icon, toast, screen, field, select, errorBox } from "./ui.js";
import { route, session, go, refresh } from "./app.js";

const OFFICIAL = ["official"];
const num = (n) => digits((n ?? 0).toLocaleString("en-US"));
const chart = (name, params, alt) => h("img", { class: "chart", alt, width: "640", height: "360",
  src: `/api/v1/stats/charts/${name}.svg?${query({ ...params, lang: state.locale })}` });

function progressBars(progress) {
  return h("div", { class: "bars" }, progress.map((p) => {
    const pct = Math.min(100, Number(p.progress_pct || 0));
    const fill = h("div", { class: "fill" });
    fill.style.width = `${pct}%`;  // set from script: the CSP forbids style attributes in markup
    return h("div", {}, h("div", {}, p.label, ": ", h("strong", {}, num(p.value)), " / ", num(p.target),
      " (", digits(Number(p.progress_pct || 0).toFixed(1)), "%)"),
      h("div", { class: "track", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100",
        "aria-valuenow": String(Math.round(pct)), "aria-label": p.label }, fill));
  }));
}

route(/^#\/dashboard(?:\?(.*))?$/, async (qs) => {
  const args = Object.fromEntries(new URLSearchParams(qs || ""));
  const division = args.division || session.user.division_code;
  const year = Number(args.year || new Date().getFullYear());
  const [figures, trend] = await Promise.all([api("/stats/figures", { params: { division, year } }),
    api("/stats/trend", { params: { division, year } })]);
  const labels = figures.metric_labels || {};
  const years = [year - 2, year - 1, year, year + 1].filter((y) => y <= new Date().getFullYear());
  const t = figures.totals;
  screen(_("Dashboard"),
    h("p", {}, h("strong", {}, figures.division.name), " · ", _("As of {date}", { date: day(figures.period.as_of) })),
    h("div", { class: "row" },
      field(_("Year"), select("year", years.map((y) => [y, digits(y)]), year,
        { onchange: (event) => go(`#/dashboard?${query({ division, year: event.target.value })}`) })),
      division !== session.user.division_code ? h("a", { class: "button secondary", href: `#/dashboard?year=${year}` }, _("Back to my area")) : null),
    h("h2", {}, _("Progress against target")),
    figures.progress.length ? progressBars(figures.progress) : h("p", { class: "muted" }, _("No target set for this year.")),
    h("table", { id: "totals" }, h("tbody", {},
      ["transfer_persons", "outbound_persons", "outbound_poverty_alleviated", "transfer_person_times"].map((m) =>
        h("tr", {}, h("th", {}, labels[m] || m), h("td", { class: "n" }, num(t[m])))))),
    figures.by_division.length ? [
      h("h2", {}, _("By area")),
      chart("progress", { division, year }, _("Progress against target by area")),
      h("table", { id: "by-division" },
        h("thead", {}, h("tr", {}, h("th", {}, _("Area")), h("th", { class: "n" }, labels.outbound_persons || ""),
          h("th", { class: "n" }, "%"))),
        h("tbody", {}, figures.by_division.map((d) => h("tr", {},
          h("td", {}, d.division.level === "county" ? d.division.name
            : h("a", { href: `#/dashboard?${query({ division: d.division.code, year })}` }, d.division.name)),
          h("td", { class: "n" }, num(d.totals.outbound_persons)),
          h("td", { class: "n" }, d.progress[0] ? digits(Number(d.progress[0].progress_pct).toFixed(1)) : "–")))))] : null,
    h("h2", {}, _("Month by month")),
    chart("trend", { division, year }, _("Monthly trend")),
    h("table", { id: "trend" },
      h("thead", {}, h("tr", {}, h("th", {}, _("Month")), h("th", { class: "n" }, _("In the month")), h("th", { class: "n" }, _("Year to date")))),
      h("tbody", {}, trend.months.map((m) => h("tr", {}, h("td", {}, digits(m.month)),
        h("td", { class: "n" }, num(m.month_totals.outbound_persons)), h("td", { class: "n" }, num(m.year_to_date.outbound_persons)))))),
    h("p", { class: "row" },
      h("a", { class: "button secondary", href: `#/zero?${query({ county: division.length === 6 && division.endsWith("00") ? "" : division })}` }, _("Zero-employment households")),
      h("a", { class: "button secondary", href: "#/approvals" }, _("Monthly approval"))),
    exportBox(division, year));
}, OFFICIAL);

function exportBox(division, year) {
  const bar = h("progress", { max: "100", value: "0", hidden: true, "aria-label": _("Export progress") });
  const box = h("div", { role: "status" });
  const format = select("format", [["xlsx", "Excel (XLSX)"], ["csv", "CSV"]], "xlsx");
  const month = select("month", [["", _("Year to date")], ...Array.from({ length: 12 }, (_x, i) => [i + 1, digits(i + 1)])], "");
  const run = h("button", { type: "button", onclick: async () => {
    run.disabled = true; bar.hidden = false; bar.value = 0; box.replaceChildren();
    try {
      const body = { division, year, format: format.value, locale: state.locale };
      if (month.value) body.month = Number(month.value);
      const created = await api("/exports", { method: "POST", body });
      const task = await waitTask(created.task_id, (pct, stage) => { bar.value = pct; box.textContent = stage; });
      bar.value = 100;
      box.replaceChildren(task.state === "succeeded"
        ? h("a", { class: "button", href: `/api/v1/exports/${created.id}/file`, download: "" }, _("Download the report"))
        : h("p", { class: "error" }, task.error || task.state_label));
    } catch (err) { box.replaceChildren(errorBox(err)); }
    run.disabled = false;
  } }, _("Export the monthly report"));
  return h("section", {}, h("h2", {}, _("Export")), h("div", { class: "row" }, field(_("Month"), month), field(_("Format"), format)),
    h("p", {}, run), bar, box);
}

route(/^#\/zero(?:\?(.*))?$/, async (qs) => {
  const args = Object.fromEntries(new URLSearchParams(qs || ""));
  const data = await api("/stats/zero-employment-households", { params: { county: args.county, per_page: 50 } });
  screen(_("Zero-employment households"),
    h("p", {}, _("As of {date}", { date: day(data.as_of) }), " · ", _("{n} households", { n: data.total })),
    data.items.map((x) => h("div", { class: "card", "data-household": x.id },
      h("h3", {}, [x.village, x.township].filter(Boolean).join(", ") || digits(`#${x.id}`)),
      h("div", {}, h("span", { class: "badge warn" }, x.status_label), " ", digits(x.registered_county_code)),
      h("div", {}, _("{n} of working age", { n: x.working_age_members }), " · ", _("{n} members", { n: x.members })))));
}, OFFICIAL);

// Who moves a month on: the prefecture approves a submitted month, the region accepts an approved one.
const MOVES = { prefecture: { submitted: [["approve", () => _("Approve")], ["return", () => _("Send back")]] },
  region: { approved: [["accept", () => _("Accept")], ["return", () => _("Send back")]] } };
const level = (code) => (code === "540000" ? "region" : code && code.endsWith("00") ? "prefecture" : "county");

route(/^#\/approvals$/, async () => {
  const data = await api("/approvals", { params: { per_page: 50 } });
  const move = (report, action) => async (event) => {
    event.currentTarget.disabled = true;
    const body = action === "return" ? { note: prompt(_("Why is it sent back?")) || "-" } : {};
    try { await api(`/approvals/${report.id}/${action}`, { method: "POST", body }); toast(_("Done.")); }
    catch (err) { toast(err.message); }
    refresh("#/approvals");
  };
  screen(_("Monthly approval"),
    data.items.length ? null : h("p", { class: "muted" }, _("No monthly reports yet.")),
    data.items.map((r) => h("div", { class: "card", "data-report": r.id },
      h("h3", {}, r.county?.name, " · ", digits(typeof r.month === "object" ? `${r.month.year}-${r.month.month}` : r.month)),
      h("span", { class: "badge" }, r.state_label),
      h("div", { class: "row" }, ((MOVES[level(session.user.division_code)] || {})[r.state] || []).map(([action, label]) =>
        h("button", { type: "button", class: action === "return" ? "secondary" : "", onclick: move(r, action) }, label()))))));
}, OFFICIAL);
