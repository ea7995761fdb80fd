// Wages (#/wages): each month the worker says, in one tap, whether they were paid for last month, or reports
// unpaid wages (amount and a note); wages reported owed wait here until the worker confirms they were paid.
import { api } from "./api.js";
import { _, money, digits } from "./i18n.js";
import { h, icon, toast, screen, field, errorBox, formData } from "./ui.js";
import { refresh } from "./app.js";
import { newKey } from "./outbox.js";

// One key per report: a retry on a weak line replays the first answer instead of reporting twice.
async function send(body, box) {
  try {
    await api("/me/wages", { method: "POST", body, headers: { "Idempotency-Key": newKey() } });
    toast(_("Thank you. Your answer was sent."));
    refresh("#/wages");
  } catch (err) { box.replaceChildren(errorBox(err)); }
}

const paid = (placement, month, box, label) => h("button", { type: "button", class: "wages-paid",
  onclick: (event) => { event.currentTarget.disabled = true; send({ placement_id: placement, month, status: "paid" }, box); } },
  icon("check"), label);

function unpaidForm(placement, month, box) {
  const form = h("form", { class: "wages-unpaid", onsubmit: (event) => {
    event.preventDefault();
    const data = formData(form);
    send({ placement_id: placement, month, status: "arrears", amount_owed: data.amount_owed, note: data.note }, box);
  } },
  field(_("Amount owed to you (yuan)"), h("input", { name: "amount_owed", type: "number", min: "1", step: "1", inputmode: "decimal", required: true })),
  field(_("Note (optional)"), h("textarea", { name: "note", maxlength: "500", rows: "2" })),
  h("p", {}, h("button", { type: "submit" }, _("Send report"))));
  return form;
}

function placementCard(p) {
  const box = h("div");
  const month = p.month;
  let body;
  if (p.report) {
    body = h("p", {}, h("span", { class: `badge ${p.report.status === "paid" ? "ok" : "warn"}` }, p.report.status_label),
      p.report.amount_owed ? ` ¥${money(p.report.amount_owed)}` : "");
  } else if (!p.can_report) {
    body = h("p", { class: "muted" }, _("Nothing to confirm yet."));
  } else {
    const actions = h("div", { class: "row" },
      paid(p.id, p.month, box, _("I was paid")),
      h("button", { type: "button", class: "secondary", onclick: () => actions.replaceWith(unpaidForm(p.id, p.month, box)) },
        _("Report unpaid wages")));
    body = h("div", {}, h("p", {}, _("Were you paid for {month}?", { month })), actions);
  }
  return h("div", { class: "card", "data-placement": p.id },
    h("h2", {}, p.employer_name || _("Your job")),
    h("div", { class: "muted" }, [p.workplace?.name, _("Last month: {month}", { month })].filter(Boolean).join(" · ")),
    body, box);
}

function owedCard(r) {
  const box = h("div");
  return h("div", { class: "card", "data-report": r.id },
    h("h3", {}, r.employer?.name || _("Your job"), " · ", digits(r.month)),
    h("p", {}, h("span", { class: "badge warn" }, r.status_label), ` ¥${money(r.amount_owed)}`),
    r.status === "settled" ? h("p", {}, _("Your employer says this is paid. Did you receive it?")) : null,
    paid(r.placement_id, r.month, box, r.status === "settled" ? _("Yes, I received it") : _("I was paid")), box);
}

export async function wagesView() {
  const data = await api("/me/wages");
  screen(_("Wages"),
    h("p", { class: "muted" }, _("Tell us each month whether you were paid. Unpaid wages are shown to the employer and to officials.")),
    data.placements.length ? data.placements.map(placementCard) : h("p", { class: "muted" }, _("You have no job recorded yet.")),
    data.open_arrears.length ? h("section", {}, h("h2", {}, _("Wages owed to you")), data.open_arrears.map(owedCard)) : null);
}
