// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-autosubmit]")) { e.target.form.submit(); }
  });
  document.addEventListener("click", function (e) {
    var t = e.target.closest("[data-nav-toggle]");
    if (t) {
      var nav = document.getElementById(t.getAttribute("aria-controls"));
      var open = t.getAttribute("aria-expanded") === "true";
      t.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("open", !open);
    }
  });
  // One navigation menu open at a time; Escape or a click elsewhere closes it.
  document.addEventListener("toggle", function (e) {
    if (e.target.matches && e.target.matches(".mainnav details") && e.target.open) {
      document.querySelectorAll(".mainnav details[open]").forEach(function (d) { if (d !== e.target) { d.open = false; } });
    }
  }, true);
  document.addEventListener("click", function (e) {
    if (!e.target.closest(".mainnav details")) {
      document.querySelectorAll(".mainnav details[open]").forEach(function (d) { d.open = false; });
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      document.querySelectorAll(".mainnav details[open]").forEach(function (d) { d.open = false; d.querySelector("summary").focus(); });
    }
  });
  // Destructive actions ask first: <form data-confirm="...">.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  // Search-then-pick drop-downs (config/widgets.py LookupSelect): while the user types, the
  // select is refilled with the matching rows from the API list named by data-lookup-url.
  document.querySelectorAll("[data-lookup-url]").forEach(function (box) {
    var input = box.querySelector("input[type=search]");
    var select = document.getElementById(box.getAttribute("data-lookup-select"));
    var hint = box.querySelector(".lookup-hint");
    if (!input || !select) { return; }
    var timer = null, asked = 0;
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); select.focus(); }
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var term = input.value.trim();
        if (!term) { return; }
        var url = box.getAttribute("data-lookup-url");
        url += (url.indexOf("?") < 0 ? "?" : "&") + "page_size=50&search=" + encodeURIComponent(term);
        var mine = ++asked;
        fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (d) {
            if (mine !== asked) { return; }  // an older answer arriving after a newer one
            var keep = Array.prototype.filter.call(select.options, function (o) { return !o.value || o.selected; });
            select.innerHTML = "";
            keep.forEach(function (o) { select.appendChild(o); });
            (d.results || []).forEach(function (row) {
              if (keep.some(function (o) { return o.value === String(row.id); })) { return; }
              var o = document.createElement("option");
              o.value = String(row.id);
              o.textContent = row.name || row.display_name || row.username;
              select.appendChild(o);
            });
            if (hint) { hint.textContent = String((d.results || []).length) + " / " + String(d.count || 0); }
          }).catch(function () {});
      }, 250);
    });
  });
  // The unread badge follows new notifications without a reload: a small JSON count every 30 s (one
  // indexed query), paused while the tab is hidden and asked again the moment it is shown.
  document.querySelectorAll("[data-unread-url]").forEach(function (link) {
    var url = link.getAttribute("data-unread-url");
    var badge = link.querySelector("[data-unread-badge]");
    var count = link.querySelector("[data-unread-count]");
    if (!badge || !count) { return; }
    var timer = null;
    function refresh() {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) {
          if (!d || typeof d.unread !== "number") { return; }
          count.textContent = String(d.unread);
          badge.hidden = d.unread === 0;
        }).catch(function () {});
    }
    function start() { if (!timer) { timer = setInterval(refresh, 30000); } }
    function stop() { clearInterval(timer); timer = null; }
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) { stop(); } else { refresh(); start(); }
    });
    if (!document.hidden) { start(); }
  });
  // A table or calendar wider than its box scrolls inside that box (static/css/app.css); while it does,
  // the box takes the keyboard focus so it can be scrolled without a mouse (WCAG 2.1.1, axe's
  // scrollable-region-focusable). Checked again when the window changes size.
  function focusableScrollBoxes() {
    document.querySelectorAll(".table-wrap, .cal-wrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) { box.tabIndex = 0; box.setAttribute("data-scroll-focus", ""); }
      else if (!scrolls && box.hasAttribute("data-scroll-focus")) { box.removeAttribute("tabindex"); box.removeAttribute("data-scroll-focus"); }
    });
  }
  focusableScrollBoxes();
  var resizeTimer = null;
  window.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(focusableScrollBoxes, 150); });
  // Long jobs: an element with data-poll-url is refreshed until its JSON says done.
  document.querySelectorAll("[data-poll-url]").forEach(function (el) {
    var url = el.getAttribute("data-poll-url");
    var timer = setInterval(function () {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (d) {
          var bar = el.querySelector("progress");
          if (bar && d.progress !== undefined) { bar.value = d.progress; }
          var label = el.querySelector("[data-poll-label]");
          if (label && d.status_display) { label.textContent = d.status_display; }
          if (d.done) { clearInterval(timer); window.location.reload(); }
        }).catch(function () { clearInterval(timer); });
    }, 1500);
  });
})();
