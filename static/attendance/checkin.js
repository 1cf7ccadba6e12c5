// Check-in from a phone: the browser's position, and a queue on the phone (IndexedDB) for check-ins
// made without network. Each check-in carries an id made here (client_id), the time it was made and
// its position; the server keeps both clocks and never makes a second row for the same id, so a
// retry after a lost answer, or the queue sent twice, is harmless. No library, no CDN.

const DB_NAME = "iei-attendance";
const STORE = "queue";

// The translated strings, "{name}" placeholders and the connection's events: static/js/offline.js, shared
// with the weekly log's draft (static/js/log_draft.js).
import { fmt, strings, watchConnection } from "../js/offline.js";

// ----------------------------------------------------------------------------- small helpers

function uuid4() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") { return window.crypto.randomUUID(); }
  const b = new Uint8Array(16);
  window.crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (m) { return decodeURIComponent(m[1]); }
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

// Great-circle distance in metres (the server decides; this only tells the student before they press).
export function haversine(lat1, lon1, lat2, lon2) {
  const r = (d) => (d * Math.PI) / 180;
  const a = Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

// ----------------------------------------------------------------------------- the queue on the phone

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => { req.result.createObjectStore(STORE, { keyPath: "client_id" }); };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function withStore(mode, fn) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = fn(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

export const queue = {
  put: (entry) => withStore("readwrite", (s) => s.put(entry)),
  remove: (id) => withStore("readwrite", (s) => s.delete(id)),
  all: () => withStore("readonly", (s) => s.getAll()),
};

// ----------------------------------------------------------------------------- sending

function formOf(entry, offline) {
  const body = new FormData();
  for (const key of ["client_id", "kind", "latitude", "longitude", "accuracy_m", "client_time", "reason", "note"]) {
    if (entry[key] !== undefined && entry[key] !== null) { body.append(key, String(entry[key])); }
  }
  body.append("offline", offline ? "true" : "false");
  if (entry.photo) { body.append("photo", entry.photo, entry.photoName || "photo.jpg"); }
  return body;
}

// The answer of one attempt: {sent, row} on 2xx, {refused, body} on a 400/404/409 (final: the same
// request would be refused again), {later, why} when the network, the session or the server failed.
async function send(api, entry, offline) {
  let response;
  try {
    response = await fetch(api, {
      method: "POST", body: formOf(entry, offline), credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
    });
  } catch (_e) {
    return { later: true, why: "network" };
  }
  let body = {};
  try { body = await response.json(); } catch (_e) { body = {}; }
  if (response.ok) { return { sent: true, row: body }; }
  if (response.status === 401 || response.status === 403) { return { later: true, why: "signin" }; }
  if (response.status >= 500) { return { later: true, why: "server" }; }
  return { refused: true, status: response.status, body };
}

function messageOf(body) {
  if (body && body.errors) {
    return Object.values(body.errors).flat().join(" ");
  }
  return (body && body.detail) || "";
}

// ----------------------------------------------------------------------------- the check-in page

function timeOf(iso) {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

function startCheckIn(root) {
  const t = strings(root);
  const api = root.dataset.api;
  const user = root.dataset.user;
  const kind = root.dataset.kind;
  const radius = Number(root.dataset.radius || 500);
  const work = root.dataset.lat ? { lat: Number(root.dataset.lat), lon: Number(root.dataset.lon) } : null;
  const positionText = root.querySelector("[data-position]");
  const reasonBox = root.querySelector("[data-reason]");
  const reasonInput = root.querySelector("#att-reason");
  const noteInput = root.querySelector("#att-note");
  const photoInput = root.querySelector("#att-photo");
  const submit = root.querySelector("[data-submit]");
  const relocate = root.querySelector("[data-relocate]");
  const result = root.querySelector("[data-result]");
  const queueBox = root.querySelector("[data-queue]");
  const queueList = root.querySelector("[data-queue-list]");
  const refusedList = root.querySelector("[data-refused]");
  let position = null;
  let pending = null; // the check-in being sent: a resend (e.g. with a reason) keeps its client_id
  let flushing = false;

  function say(text, kindClass) {
    if (!result) { return; }
    result.textContent = text;
    result.className = `att-result${kindClass ? ` msg msg-${kindClass}` : ""}`;
  }

  async function showQueue() {
    if (!queueBox) { return; }
    let items = [];
    try { items = (await queue.all()).filter((e) => e.user === user); } catch (_e) { items = []; }
    queueList.replaceChildren(...items.map((e) => {
      const li = document.createElement("li");
      li.textContent = `${e.kind === "out" ? "↩" : "↪"} ${new Date(e.client_time).toLocaleString()}`;
      return li;
    }));
    queueBox.hidden = items.length === 0;
  }

  async function flush() {
    if (flushing || !navigator.onLine) { return; }
    flushing = true;
    let sent = 0;
    try {
      const items = (await queue.all()).filter((e) => e.user === user);
      items.sort((a, b) => a.client_time.localeCompare(b.client_time)); // a check-in before its check-out
      for (const entry of items) {
        const answer = await send(api, entry, true);
        if (answer.later) {
          if (answer.why === "signin") { say(t("signin"), "warning"); }
          break;
        }
        await queue.remove(entry.client_id);
        if (answer.sent) {
          sent += 1;
          say(t("flushed"), "success");
        } else {
          const li = document.createElement("li");
          li.className = "msg msg-error";
          li.textContent = `${t("refused")} ${new Date(entry.client_time).toLocaleString()}: ${messageOf(answer.body)}`;
          refusedList.appendChild(li);
        }
      }
    } catch (_e) {
      // IndexedDB unavailable (a private window of some browsers): nothing was kept, nothing to send
    } finally {
      flushing = false;
      showQueue();
    }
    if (sent) { setTimeout(() => window.location.reload(), 1500); } // the day's state as the server now has it
  }

  function located(pos) {
    position = { latitude: pos.coords.latitude, longitude: pos.coords.longitude, accuracy_m: pos.coords.accuracy };
    let text = fmt(t("located"), { acc: Math.round(pos.coords.accuracy) });
    if (work) {
      const d = Math.round(haversine(position.latitude, position.longitude, work.lat, work.lon));
      text += ` ${fmt(t("distance"), { d, r: radius })}`;
      if (d > radius) {
        text += ` ${t("outside")}`;
        if (reasonBox) { reasonBox.hidden = false; }
      }
    }
    if (positionText) { positionText.textContent = text; }
    if (submit) { submit.disabled = false; }
    if (relocate) { relocate.hidden = true; }
  }

  function failed(err) {
    position = null;
    if (submit) { submit.disabled = true; }
    if (positionText) { positionText.textContent = err && err.code === 1 ? t("denied") : t("unavailable"); }
    if (relocate) { relocate.hidden = !err || err.code === 1; }
  }

  function locate() {
    if (!submit) { return; }
    if (!("geolocation" in navigator)) { failed(null); positionText.textContent = t("unsupported"); return; }
    positionText.textContent = t("locating");
    navigator.geolocation.getCurrentPosition(located, failed, { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 });
  }

  async function press() {
    if (!position) { return; }
    submit.disabled = true;
    const photo = photoInput && photoInput.files && photoInput.files[0];
    pending = pending || { client_id: uuid4(), user, kind, client_time: new Date().toISOString() };
    Object.assign(pending, position, {
      reason: reasonInput ? reasonInput.value.trim() : "", note: noteInput ? noteInput.value.trim() : "",
      photo: photo || null, photoName: photo ? photo.name : null,
    });
    say(t("sending"), "");
    const answer = navigator.onLine ? await send(api, pending, false) : { later: true, why: "network" };
    if (answer.sent) {
      say(fmt(t(kind === "out" ? "savedOut" : "savedIn"), { time: timeOf(answer.row.at) }), "success");
      pending = null;
      setTimeout(() => window.location.reload(), 1500);
      return;
    }
    if (answer.later && answer.why === "network") {
      try {
        await queue.put(pending);
        say(t("queued"), "warning");
        pending = null;
        showQueue();
      } catch (_e) {
        say(`${t("error")} ${t("unavailable")}`, "error");
        submit.disabled = false;
      }
      return;
    }
    if (answer.later) {
      say(answer.why === "signin" ? t("signin") : t("error"), "error");
      submit.disabled = false;
      return;
    }
    if (answer.body && answer.body.errors && answer.body.errors.reason && reasonBox) {
      reasonBox.hidden = false; // outside the radius: the same check-in again, with a reason
      reasonInput.focus();
    } else {
      pending = null;
    }
    say(`${t("error")} ${messageOf(answer.body)}`, "error");
    submit.disabled = false;
  }

  if ("serviceWorker" in navigator && root.dataset.sw) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: root.dataset.scope }).then(() => navigator.serviceWorker.ready)
      .then((reg) => { if (reg.active) { reg.active.postMessage({ type: "user", id: user }); } })
      .catch(() => {});
  }
  if (submit) { submit.addEventListener("click", press); }
  if (relocate) { relocate.addEventListener("click", locate); }
  setInterval(flush, 30000);
  showQueue();
  // now, and each time the network comes back: send what the phone kept
  watchConnection((isOnline) => { if (isOnline) { flush(); } });
  locate();
}

// ----------------------------------------------------------------------------- the workplace form

function startUsePosition(button) {
  const out = document.querySelector("[data-use-position-result]");
  const lat = document.querySelector("[data-workplace-lat]");
  const lon = document.querySelector("[data-workplace-lon]");
  button.addEventListener("click", () => {
    if (!("geolocation" in navigator)) { out.textContent = button.dataset.tFailed; return; }
    navigator.geolocation.getCurrentPosition((pos) => {
      lat.value = pos.coords.latitude.toFixed(6);
      lon.value = pos.coords.longitude.toFixed(6);
      out.textContent = fmt(button.dataset.tDone, { acc: Math.round(pos.coords.accuracy) });
    }, (err) => {
      out.textContent = err && err.code === 1 ? button.dataset.tDenied : button.dataset.tFailed;
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 });
  });
}

const root = document.getElementById("checkin");
if (root) { startCheckIn(root); }
const usePosition = document.querySelector("[data-use-position]");
if (usePosition) { startUsePosition(usePosition); }
