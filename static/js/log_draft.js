// The weekly log keeps a draft on the student's device (localStorage), so a lost connection on a
// phone never costs what was typed. One draft per user, placement and week:
//   iei:weekly-log-draft:<user>:<placement>:<week>  ->  {text, savedAt, held}
// - Every keystroke is kept at once; opening the page again puts the draft back in the box.
// - Without network a banner says the draft is kept here and will be sent when the network is back.
// - Submit without network is held: the page waits and, while it stays open, submits the form by
//   itself as soon as the browser is online again. It is an ordinary form post, so the server's answer
//   (the saved log, or the form with its errors, or the login page) is shown exactly as for a submit
//   the student made, and the chosen attachment goes with it. If the page is closed or reloaded in the
//   meantime, the held submit is NOT replayed when the page is opened again: the student is told to
//   submit again. Replaying a post from a page the student may have left hours ago would send text they
//   can no longer see (and without the attachment, which a browser cannot keep); the draft is there, so
//   submitting again costs one press and nothing typed is lost.
// - The draft is only removed once the server holds the log: the page that shows the saved log
//   (the log's detail page) compares the draft with the stored text and forgets it when they are the
//   same, or when the log can no longer be edited. A post whose answer was lost therefore never loses
//   the draft, and a post refused by the server (form errors) keeps it too.
// The approach is the check-in page's (static/attendance/checkin.js): strings translated by the
// template in data-t-* attributes, the browser's online/offline events, no library.

import { fmt, local, strings, watchConnection } from "./offline.js";

const PREFIX = "iei:weekly-log-draft";

export function draftKey(user, placement, week) {
  return `${PREFIX}:${user}:${placement}:${week}`;
}

// Browsers post a textarea with CRLF line ends and the server strips the text: compare like that.
function same(a, b) {
  const norm = (s) => String(s || "").replace(/\r\n?/g, "\n").trim();
  return norm(a) === norm(b);
}

function timeOf(ms) {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

function startForm(form) {
  const t = strings(form);
  const user = form.dataset.draftUser;
  const placement = form.dataset.draftPlacement;
  const textarea = form.querySelector("textarea[name=content]");
  const weekSelect = form.querySelector("select[name=week_no]");
  const banner = form.querySelector("[data-draft-banner]");
  const note = form.querySelector("[data-draft-note]");
  if (!textarea || !user || !placement) { return; }
  const weekNow = () => form.dataset.draftWeek || (weekSelect ? weekSelect.value : "");
  let week = weekNow();
  let held = false; // a submit pressed without network, waiting on this open page
  let online = navigator.onLine !== false;

  // Weeks already logged have no draft to keep: their log is on the server (the post went through even
  // if its answer never reached the phone).
  for (const w of JSON.parse(form.dataset.draftLogged || "[]")) { local.remove(draftKey(user, placement, w)); }

  function tell(text) {
    if (!note) { return; }
    note.textContent = text;
    note.hidden = !text;
  }

  function showBanner() {
    if (!banner) { return; }
    banner.hidden = online && !held;
    banner.textContent = held ? t("held") : t("offline");
  }

  function keep() {
    if (!week) { return; }
    const key = draftKey(user, placement, week);
    if (!textarea.value.trim()) { local.remove(key); return; }
    local.set(key, { text: textarea.value, savedAt: Date.now(), held });
  }

  // A new page opens on the first open week; if the draft kept here is for another week, open that one
  // (the latest draft when there are several).
  function pickDraftWeek() {
    if (!weekSelect || form.dataset.draftWeek || local.get(draftKey(user, placement, week))) { return; }
    let best = null;
    for (const option of weekSelect.options) {
      const draft = option.value && local.get(draftKey(user, placement, option.value));
      if (draft && draft.text && (!best || (draft.savedAt || 0) > best.savedAt)) {
        best = { value: option.value, savedAt: draft.savedAt || 0 };
      }
    }
    if (best) {
      weekSelect.value = best.value;
      week = best.value;
    }
  }

  function restore() {
    if (form.dataset.draftBound !== undefined) {
      keep(); // the server showed the posted text back (with errors): that text is the draft now
      return;
    }
    pickDraftWeek();
    if (!week) { return; }
    const key = draftKey(user, placement, week);
    const draft = local.get(key);
    if (!draft || typeof draft.text !== "string") { return; }
    if (form.dataset.draftStored !== undefined && same(draft.text, textarea.value)) {
      local.remove(key); // the server holds exactly this text: the draft did its work
      return;
    }
    // The box shows the server's text (an empty new log, or the stored one) unless the browser already put
    // the draft back itself (a reload keeps form fields): the draft is newer either way.
    if (textarea.value !== draft.text) { textarea.value = draft.text; }
    tell(fmt(draft.held ? t("heldReopened") : t("restored"), { time: timeOf(draft.savedAt || Date.now()) }));
    if (draft.held) { local.set(key, { ...draft, held: false }); } // told once; the student submits again
  }

  // A student who picks another week keeps the text in the box: it moves to that week's draft, unless
  // that week has a draft of its own, which is then shown (the other week's draft stays kept).
  function changeWeek() {
    const previous = week;
    week = weekNow();
    if (!previous || previous === week) { return; }
    const other = local.get(draftKey(user, placement, week));
    if (other && other.text && !same(other.text, textarea.value)) {
      if (textarea.value.trim()) {
        local.set(draftKey(user, placement, previous), { text: textarea.value, savedAt: Date.now(), held: false });
      }
      textarea.value = other.text;
      tell(fmt(t("restored"), { time: timeOf(other.savedAt || Date.now()) }));
      return;
    }
    local.remove(draftKey(user, placement, previous));
    keep();
  }

  function submitNow() {
    held = false;
    keep();
    showBanner();
    tell(t("sending"));
    if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
  }

  // The placement pages' service worker (static/js/page_sw.js) keeps this page, so it opens again without
  // network; told whose page it is, it drops the pages kept for another user of the phone.
  if ("serviceWorker" in navigator && form.dataset.sw) {
    navigator.serviceWorker.register(form.dataset.sw, { scope: form.dataset.swScope })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => { if (reg.active) { reg.active.postMessage({ type: "user", id: user }); } })
      .catch(() => {});
  }
  restore();
  textarea.addEventListener("input", keep);
  if (weekSelect) { weekSelect.addEventListener("change", changeWeek); }
  form.addEventListener("submit", (event) => {
    keep();
    if (navigator.onLine === false) {
      event.preventDefault();
      held = true;
      keep();
      showBanner();
      tell("");
    }
  });
  // A page being left sends nothing (the held submit is not replayed, above): Chromium may tell the page it is
  // online while it navigates away, and a post started then would be cut off by the navigation after the draft
  // was already marked as sent.
  let leaving = false;
  window.addEventListener("beforeunload", () => { leaving = true; });
  window.addEventListener("pagehide", () => { leaving = true; });
  window.addEventListener("pageshow", () => { leaving = false; });
  watchConnection((isOnline) => {
    online = isOnline;
    showBanner();
    if (online && held && !leaving) { submitNow(); }
  });
}

// The log's page, once the log is saved and can no longer be edited: its draft has nothing left to do.
function forgetDone(marker) {
  local.remove(draftKey(marker.dataset.draftUser, marker.dataset.draftPlacement, marker.dataset.draftWeek));
}

document.querySelectorAll("form[data-log-draft]").forEach(startForm);
document.querySelectorAll("[data-log-draft-done]").forEach(forgetDone);
