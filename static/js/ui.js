// DOM helpers (no inline HTML from data: text goes in as text), icons, toasts, form fields.
import { _ } from "./i18n.js";

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key in el && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Line icons (24×24 paths) for job kinds and tabs: a reader who reads little can still find the way.
const PATHS = {
  aid_tibet: "M3 21h18M5 21V10l7-5 7 5v11M9 21v-6h6v6M12 5V2",
  local_project: "M2 20h20M4 20v-6l5-3v3l5-3v3l5-3v9M16 8l2-5 2 5",
  work_for_relief: "M4 20h16M6 20l4-12h4l4 12M9 14h6M12 8V4",
  eco_post: "M12 21v-6M12 15c-5 0-7-4-7-9 5 0 7 3 7 6 0-3 2-6 7-6 0 5-2 9-7 9z",
  general: "M3 8h18v12H3zM8 8V5h8v3M3 13h18",
  jobs: "M3 8h18v12H3zM8 8V5h8v3M3 13h18",
  star: "M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z",
  list: "M8 6h13M8 12h13M8 18h13M3 6h1M3 12h1M3 18h1",
  school: "M2 9l10-5 10 5-10 5zM6 11v5c3 3 9 3 12 0v-5",
  bell: "M6 17V11a6 6 0 0 1 12 0v6l2 2H4zM10 21h4",
  user: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c1-4 4-6 8-6s7 2 8 6",
  chart: "M4 20V4M4 20h16M8 16v-5M12 16V8M16 16v-3",
  check: "M4 12l5 5L20 6",
  upload: "M12 16V4M7 9l5-5 5 5M4 20h16",
  door: "M14 3h6v18h-6M10 8l4 4-4 4M14 12H3",
  alert: "M12 3l10 18H2zM12 10v5M12 18v.5",
  wages: "M3 7h18v11H3zM12 15a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM6 10v.5M18 14v.5",
};

export function icon(name, label) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  if (label) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", label); }
  else svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", PATHS[name] || PATHS.general);
  svg.append(path);
  return svg;
}

let toastTimer;
export function toast(text) {
  const el = document.getElementById("toast");
  el.textContent = text;
  el.classList.add("show");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove("show"), 3500);
}

let fieldSeq = 0;
// A labelled control: field(_("Phone"), h("input", {name: "phone"})).
export function field(label, control, hint) {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control,
    hint ? h("p", { class: "muted" }, hint) : null);
}

export function select(name, options, value, attrs = {}) {
  return h("select", { name, ...attrs },
    options.map(([v, text]) => h("option", { value: v, selected: String(v) === String(value ?? "") }, text)));
}

export function errorText(err) {
  if (!err) return "";
  if (err.status === undefined) return _("No connection. Try again when you are online.");
  const fields = Object.entries(err.errors || {}).map(([k, v]) => `${k}: ${[].concat(v).join(" ")}`);
  return [err.message, ...fields].join(" · ");
}

export function errorBox(err) {
  return h("p", { class: "error", role: "alert" }, errorText(err));
}

export function formData(form) {
  const data = {};
  for (const [k, v] of new FormData(form).entries()) if (v !== "") data[k] = v;
  return data;
}

export function screen(title, ...children) {
  const main = document.getElementById("main");
  main.replaceChildren(h("h1", {}, title), ...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  document.title = title;
  main.focus({ preventScroll: true });
  return main;
}
