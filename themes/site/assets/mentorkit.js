/* mentorkit: the catalog's tag and text filters. Small, no dependencies, served from the site.
   Without JavaScript every plan stays listed. The chosen tag is kept in the address (#tag=...),
   so a filtered catalog can be shared as a link. */
(function () {
  "use strict";

  function setup(root) {
    var filters = root.querySelector("[data-mk-filters]");
    if (!filters || filters.getAttribute("data-mk-ready")) return;
    filters.setAttribute("data-mk-ready", "1");
    filters.hidden = false;
    var cards = Array.prototype.slice.call(root.querySelectorAll(".mk-plan-card"));
    var kinds = Array.prototype.slice.call(root.querySelectorAll("[data-mk-kind]"));
    var buttons = Array.prototype.slice.call(filters.querySelectorAll("[data-mk-tag]"));
    var text = filters.querySelector("[data-mk-filter-text]");
    var status = filters.querySelector("[data-mk-filter-status]");
    var tagsOf = new Map(cards.map(function (card) {
      var tags = [];
      try { tags = JSON.parse(card.getAttribute("data-mk-tags") || "[]"); } catch (e) { tags = []; }
      return [card, tags];
    }));
    var current = "";

    function tagFromHash() {
      var match = /(?:^#|&)tag=([^&]*)/.exec(window.location.hash);
      if (!match) return "";
      try { return decodeURIComponent(match[1]); } catch (e) { return ""; }
    }

    function apply() {
      var words = (text && text.value || "").toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      cards.forEach(function (card) {
        var hay = card.getAttribute("data-mk-text") || "";
        var ok = (!current || tagsOf.get(card).indexOf(current) !== -1) &&
          words.every(function (w) { return hay.indexOf(w) !== -1; });
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      kinds.forEach(function (kind) {
        kind.hidden = !kind.querySelector(".mk-plan-card:not([hidden])");
      });
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-mk-tag") === current));
      });
      if (status) {
        status.textContent = (current || words.length) ?
          "Showing " + shown + " of " + cards.length + " plans" + (current ? " tagged \u201c" + current + "\u201d" : "") + "." : "";
      }
    }

    function choose(tag, updateHash) {
      current = tag;
      if (updateHash && window.history && window.history.replaceState) {
        var url = window.location.pathname + window.location.search + (tag ? "#tag=" + encodeURIComponent(tag) : "");
        window.history.replaceState(null, "", url);
      }
      apply();
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var tag = button.getAttribute("data-mk-tag") || "";
        choose(tag === current ? "" : tag, true);
      });
    });
    if (text) text.addEventListener("input", apply);
    window.addEventListener("hashchange", function () { choose(tagFromHash(), false); });
    choose(tagFromHash(), false);
  }

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-mk-catalog]"), setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setupAll);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
