// The public API, with the session cookie. Every call carries the PWA's CSRF header.
import { state } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.errors = (body && body.errors) || {};
  }
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  return q;
}

export async function api(path, { method = "GET", body, headers = {}, params } = {}) {
  const q = query(params);
  if (method === "GET" && state.locale) q.set("lang", state.locale);
  const url = `/api/v1${path}${q.toString() ? `?${q}` : ""}`;
  const init = { method, credentials: "same-origin",
    headers: { "X-Requested-With": "labour-pwa", Accept: "application/json", ...headers } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
  const response = await fetch(url, init);
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// Poll a background task until it ends; onProgress(percent, stage) on the way.
export async function waitTask(taskId, onProgress, { interval = 700 } = {}) {
  for (;;) {
    const task = await api(`/tasks/${taskId}`);
    onProgress(task.progress || 0, task.stage || "");
    if (["succeeded", "failed", "cancelled"].includes(task.state)) return task;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
