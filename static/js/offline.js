// Small helpers for pages that keep working without network, in the manner of the check-in page
// (static/attendance/checkin.js): the page's strings arrive translated in data-t-* attributes, "{name}"
// placeholders are filled here, and the page follows the browser's online/offline events. An ES module,
// no library, no CDN.

// "{d} m" with {d: 12} -> "12 m".
export function fmt(text, values = {}) {
  return String(text || "").replace(/\{(\w+)\}/g, (_m, key) => String(values[key] ?? ""));
}

// t("heldReopened") reads data-t-held-reopened of ``root``: the template passes every sentence translated.
export function strings(root) {
  return (name) => root.dataset[`t${name.charAt(0).toUpperCase()}${name.slice(1)}`] || "";
}

// Calls ``onChange(online)`` now and on every change of the connection. navigator.onLine only knows
// that there is no network at all; a network that is up but does not reach the server still reads as
// online, which is why callers keep what the user typed until the server has confirmed it.
export function watchConnection(onChange) {
  const tell = () => onChange(navigator.onLine !== false);
  window.addEventListener("online", tell);
  window.addEventListener("offline", tell);
  tell();
}

// localStorage that never throws: a private window, a full disk or a blocked storage leaves the page
// working as it did without drafts.
export const local = {
  get(key) {
    try {
      const raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch (_e) {
      return null;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (_e) {
      return false;
    }
  },
  remove(key) {
    try { window.localStorage.removeItem(key); } catch (_e) { /* nothing kept, nothing to remove */ }
  },
};
