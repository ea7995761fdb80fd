// Applications made offline wait in IndexedDB, each with its own Idempotency-Key, and are sent when the phone
// is back online. Resending uses the same key, so the server creates exactly one application.
import { api, ApiError } from "./api.js";

const DB = "labour-pwa", STORE = "outbox";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function tx(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const result = work(t.objectStore(STORE));
    t.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
    t.onerror = () => { db.close(); reject(t.error); };
  });
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export const pending = () => tx("readonly", (s) => s.getAll());
const remove = (key) => tx("readwrite", (s) => s.delete(key));

export async function queueApply(position, key = newKey()) {
  const waiting = await pending();
  const existing = waiting.find((item) => item.positionId === position.id);
  if (existing) return existing;
  const item = { key, positionId: position.id, title: position.title, queuedAt: new Date().toISOString() };
  await tx("readwrite", (s) => s.put(item));
  return item;
}

// POST one application with its key. Network failure throws a TypeError (no status): the item stays queued.
export function sendApply(positionId, key) {
  return api(`/positions/${positionId}/applications`, { method: "POST", body: {}, headers: { "Idempotency-Key": key } });
}

let flushing = null, again = false;
const listeners = new Set();
export const onSent = (fn) => listeners.add(fn);

// Send everything queued, one at a time; a single flush runs at once. Asked while one runs (an item queued
// after it read the outbox), it runs once more when that one ends. Returns the results.
export function flush() {
  if (flushing) { again = true; return flushing; }
  flushing = run().finally(() => {
    flushing = null;
    if (again) { again = false; flush(); }
  });
  return flushing;
}

async function run() {
  const results = [];
  for (const item of await pending()) {
    if (!navigator.onLine) break;
    try {
      const application = await sendApply(item.positionId, item.key);
      await remove(item.key);
      results.push({ item, application });
    } catch (err) {
      if (!(err instanceof ApiError)) break;          // still no connection: keep it, try later
      if (err.status === 401 || err.status === 429 || err.status >= 500) break; // log in / wait, then again
      await remove(item.key);                          // a definite refusal (full, closed, applied): tell the user
      results.push({ item, error: err });
    }
  }
  if (results.length) listeners.forEach((fn) => fn(results));
  return results;
}
