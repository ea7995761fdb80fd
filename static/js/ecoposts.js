// The holder's ecological-protection post (#/eco-post): the post, recording a day's duty, and the payments.
// Loaded only when the screen is opened (worker.js registers the route).
import { api } from "./api.js";
import { _, digits, day } from "./i18n.js";
import { h, icon, toast, screen, field, select, errorBox, formData } from "./ui.js";
import { newKey } from "./outbox.js";
import { refresh } from "./app.js";

// Yuan with the cents when there are any (payments are exact; base payments are whole yuan mostly).
const yuan = (v) => {
  const n = Number(v), cents = Number.isInteger(n) ? 0 : 2;
  return `¥${digits(n.toLocaleString("en-US", { minimumFractionDigits: cents, maximumFractionDigits: cents }))}`;
};
const localToday = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);

export async function ecoPostView() {
  const data = await api("/me/eco-post");
  const a = data.assignment;
  if (!a) {
    return screen(_("My eco-post"), h("p", { class: "muted" }, _("You hold no ecological-protection post.")),
      payments(data.payments));
  }
  const p = a.post;
  const today = localToday();
  const box = h("div");
  const key = newKey();  // one key per form: sending again after a lost answer records the duty once
  const form = h("form", { id: "duty-form", onsubmit: async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await api("/me/eco-post/duties", { method: "POST", body: formData(form), headers: { "Idempotency-Key": key } });
      toast(_("Duty recorded."));
      refresh("#/eco-post");
    } catch (err) { button.disabled = false; box.replaceChildren(errorBox(err)); }
  } },
  field(_("Date"), h("input", { name: "duty_date", type: "date", required: true, value: today, max: today })),
  field(_("Kind of work"), select("kind", data.duty_kinds.map((k) => [k.code, k.label]), "patrol", { required: true })),
  field(_("Note"), h("textarea", { name: "note", maxlength: "200", rows: "2" }), _("Optional. At most 200 characters.")),
  box, h("p", {}, h("button", { type: "submit" }, _("Record the duty"))));
  screen(_("My eco-post"),
    h("div", { class: "card kind" }, icon("eco_post"), h("div", { class: "grow" },
      h("h2", {}, p.title),
      h("p", {}, [p.post_type_label, p.village, p.township, p.division?.name].filter(Boolean).join(" · ")),
      h("p", {}, h("span", { class: "wage" }, yuan(p.base_payment)), " ", _("a month"), " · ",
        _("Appraisal: {period}", { period: p.appraisal_period_label })),
      h("p", { class: "muted" }, _("Held since {date}", { date: day(a.start_date) })))),
    h("h2", {}, _("Record a duty")), form,
    data.duties.length ? h("section", {}, h("h2", {}, _("Recent duties")), data.duties.map((d) =>
      h("div", { class: "card" }, h("h3", {}, day(d.duty_date), " · ", d.kind_label), d.note ? h("p", {}, d.note) : null))) : null,
    payments(data.payments));
}

function payments(list) {
  return h("section", { id: "eco-payments" }, h("h2", {}, _("My payments")),
    list.length ? list.map((p) => h("div", { class: "card" },
      h("h3", {}, digits(p.period), " · ", p.post.title),
      h("p", {}, h("span", { class: "wage" }, yuan(p.amount)), " ",
        h("span", { class: `badge ${p.status === "paid" ? "ok" : "warn"}` }, p.status_label),
        p.paid_on ? " " + _("Paid on {date}", { date: day(p.paid_on) }) : ""),
      h("p", { class: "muted" }, [_("{n} month(s) × {base}", { n: p.months, base: yuan(p.base_payment) }),
        Number(p.reward) ? _("reward {amount}", { amount: yuan(p.reward) }) : "",
        Number(p.penalty) ? _("penalty {amount}", { amount: yuan(p.penalty) }) : ""].filter(Boolean).join(" · "))))
      : h("p", { class: "muted" }, _("No payments yet.")));
}
