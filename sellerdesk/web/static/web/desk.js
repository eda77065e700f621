// SellerDesk agent UI: live countdowns, keyboard shortcuts, a little htmx glue. No framework.
(function () {
  "use strict";

  var texts = {};
  var skew = 0; // server clock minus this computer's clock, in ms
  var store = window.sessionStorage;

  function fill(pattern, values) {
    return String(pattern || "").replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  // The same words and thresholds as sellerdesk/web/timeleft.py and
  // conversations.queries.time_left_state (red under 2 h, amber under 8 h).
  function timeLeft(deadline, now) {
    var seconds = Math.trunc((deadline - now) / 1000);
    var prefix = seconds >= 0 ? "left" : "over";
    var minutes = Math.floor(Math.abs(seconds) / 60);
    var d = Math.floor(minutes / 1440), h = Math.floor(minutes / 60) % 24, m = minutes % 60;
    var text;
    if (d) text = fill(texts[prefix + "_d"], { d: d, h: h });
    else if (minutes >= 60) text = fill(texts[prefix + "_h"], { h: h, m: m });
    else text = fill(texts[prefix + "_m"], { m: m });
    var state = seconds < 0 ? "overdue" : seconds < 7200 ? "red" : seconds < 28800 ? "amber" : "green";
    return { text: text, state: state };
  }

  function tick() {
    var now = Date.now() + skew;
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      var at = Date.parse(el.getAttribute("data-deadline"));
      if (isNaN(at)) return;
      var r = timeLeft(at, now);
      el.textContent = r.text;
      el.className = el.className.replace(/\btl-\w+/, "tl-" + r.state);
    });
  }

  function toast(text) {
    var el = document.getElementById("toast");
    if (!el) return;
    el.textContent = text;
    el.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { el.hidden = true; }, 6000);
  }

  // --- inbox selection and j/k -------------------------------------------------------

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#inbox-list a.row")); }

  function select(index) {
    var all = rows();
    if (!all.length) return;
    index = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (r) { r.classList.remove("sel"); });
    all[index].classList.add("sel");
    all[index].scrollIntoView({ block: "nearest" });
    store.setItem("desk.last", all[index].getAttribute("data-id"));
  }

  function selectedIndex() {
    return rows().findIndex(function (r) { return r.classList.contains("sel"); });
  }

  function rememberInbox() {
    var list = document.getElementById("inbox-list");
    if (!list) return;
    store.setItem("desk.inbox", location.pathname + location.search);
    store.setItem("desk.ids", JSON.stringify(rows().map(function (r) { return r.getAttribute("data-id"); })));
    var last = store.getItem("desk.last");
    var i = rows().findIndex(function (r) { return r.getAttribute("data-id") === last; });
    if (i >= 0) select(i);
  }

  // On a conversation page, j/k walk the list the inbox showed last.
  function stepConversation(delta) {
    var conv = document.getElementById("conv");
    var ids = JSON.parse(store.getItem("desk.ids") || "[]");
    var i = conv ? ids.indexOf(conv.getAttribute("data-id")) : -1;
    var next = ids[i + delta];
    if (i >= 0 && next) {
      store.setItem("desk.last", next);
      location.href = "/conversations/" + next + "/";
    }
  }

  function inboxUrl() { return store.getItem("desk.inbox") || "/"; }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (typing(ev.target)) {
      if (ev.key === "Escape") ev.target.blur();
      return;
    }
    var onInbox = !!document.getElementById("inbox-list");
    var key = ev.key;
    if (key === "j" || key === "k") {
      var delta = key === "j" ? 1 : -1;
      if (onInbox) select(selectedIndex() < 0 ? 0 : selectedIndex() + delta);
      else stepConversation(delta);
    } else if ((key === "Enter" || key === "o") && onInbox && selectedIndex() >= 0) {
      location.href = rows()[selectedIndex()].href;
    } else if (key === "r") {
      var box = document.getElementById("reply-text");
      if (!box) return;
      box.focus();
      box.scrollIntoView({ block: "center" });
    } else if (key === "u" && !onInbox) {
      location.href = inboxUrl();
    } else if (key === "/") {
      var q = document.getElementById("f-q");
      if (!q) return;
      q.focus();
      q.select();
    } else {
      return;
    }
    ev.preventDefault();
  });

  // The 60 s refresh must not throw away pages the agent loaded or interrupt typing.
  function inboxCanRefresh() {
    var list = document.getElementById("inbox-list");
    return !!list && !list.hasAttribute("data-more-loaded") && document.activeElement !== document.getElementById("f-q");
  }

  // Every 60 s a visible page asks its [data-refresh] parts to reload (hx-trigger="desk-refresh").
  // Here rather than in htmx trigger filters: the Content-Security-Policy allows no eval.
  function refresh() {
    if (document.visibilityState !== "visible" || !window.htmx) return;
    document.querySelectorAll("[data-refresh]").forEach(function (el) {
      if (el.getAttribute("data-refresh") === "inbox" && !inboxCanRefresh()) return;
      htmx.trigger(el, "desk-refresh");
    });
  }

  // Live updates (sellerdesk/web/live.py): the page's feed names the conversations with a new
  // message; the inbox reloads its list, a conversation its thread. One reload at a time; news that
  // comes meanwhile reloads once more after it.
  var live = { busy: null, again: false };

  function liveTarget(ids) {
    var list = document.getElementById("inbox-list");
    if (list) return inboxCanRefresh() ? { el: list } : null;
    var conv = document.getElementById("conv");
    var thread = conv && conv.querySelector(".thread");
    if (!thread || ids.indexOf(Number(conv.getAttribute("data-id"))) < 0) return null;
    return { el: thread, url: location.pathname };
  }

  function liveReload(ids) {
    if (!window.htmx) return;
    if (live.busy) { live.again = (live.again || []).concat(ids); return; }
    var target = liveTarget(ids);
    if (!target) return;
    live.busy = setTimeout(liveDone, 5000); // a reload htmx dropped must not stop the next ones
    if (target.url) {
      htmx.ajax("GET", target.url, { target: "#conv .thread", select: "#conv .thread", swap: "outerHTML" }).then(liveDone, liveDone);
    } else {
      htmx.trigger(target.el, "desk-refresh");
    }
  }

  function liveDone() {
    if (!live.busy) return;
    clearTimeout(live.busy);
    live.busy = null;
    if (live.again) {
      var ids = live.again;
      live.again = false;
      liveReload(ids);
    }
  }

  function startLive() {
    var el = document.getElementById("live-feed");
    if (!el || !window.EventSource) return;
    var source = new EventSource(el.getAttribute("data-url"));
    source.onmessage = function (ev) {
      try { liveReload(JSON.parse(ev.data).conversations || []); } catch (e) { /* not ours */ }
    };
    document.body.addEventListener("htmx:afterRequest", function (ev) {
      if (ev.detail.elt && ev.detail.elt.id === "inbox-list") liveDone();
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  // The phone menu (docs/ui.md): one button shows the navigation, the language switch and log-out.
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("#nav-toggle");
    if (!button) return;
    var open = button.closest(".top").classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // Buttons that remove a part of a form (a shift row): data-remove-closest="<selector>".
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("[data-remove-closest]");
    if (!button) return;
    var part = button.closest(button.getAttribute("data-remove-closest"));
    if (part) part.remove();
  });

  function start() {
    var el = document.getElementById("desk-texts");
    texts = el ? JSON.parse(el.textContent) : {};
    if (texts.server_now) skew = texts.server_now - Date.now();
    tick();
    setInterval(tick, 30000);
    setInterval(refresh, 60000);
    rememberInbox();
    startLive();
    var back = document.getElementById("back-to-inbox");
    if (back) back.href = inboxUrl();

    document.body.addEventListener("htmx:beforeRequest", function (ev) {
      var list = document.getElementById("inbox-list");
      if (list && ev.target.closest && ev.target.closest("#more")) list.setAttribute("data-more-loaded", "1");
    });
    // A swapped-in list was rendered at the server's "now": recount at once.
    document.body.addEventListener("htmx:afterSwap", tick);
    document.body.addEventListener("htmx:afterSettle", function () {
      rememberInbox();
      var back = document.getElementById("back-to-inbox");
      if (back) back.href = inboxUrl();
    });
    document.body.addEventListener("htmx:responseError", function (ev) {
      toast(fill(texts.failed, { status: ev.detail.xhr.status }));
    });
    document.body.addEventListener("htmx:sendError", function () { toast(texts.offline); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
