/* mentorkit: the catalog's tag and text filters, and wide tables and charts that scroll. Small, no dependencies, served from the site.
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
        // The sentence comes from the page, in the site's language: {shown}, {total} and {tag} filled in.
        var sentence = status.getAttribute(current ? "data-mk-showing-tagged" : "data-mk-showing") || "";
        status.textContent = (current || words.length) ?
          sentence.replace("{shown}", shown).replace("{total}", cards.length).replace("{tag}", current) : "";
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

  /* A table or chart wider than its frame scrolls sideways: the frame becomes a focusable, labelled
     region (so the keyboard can scroll it) with a visible cue; it goes back when the screen widens. */
  var SCROLLERS = ".mk-table-wrap, .mk-figure, .mk-report-scroll";

  function labelOf(frame) {
    var caption = frame.querySelector("caption, figcaption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var node = frame.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return node.textContent.trim();
    }
    var section = frame.closest("section");
    var heading = section && section.querySelector("h1, h2, h3");
    return heading ? heading.textContent.trim() : "Table";
  }

  function markScrolling() {
    Array.prototype.forEach.call(document.querySelectorAll(SCROLLERS), function (frame) {
      var cue = frame.querySelector(":scope > .mk-scroll-cue");
      var scrolls = frame.scrollWidth > frame.clientWidth + 1;
      if (scrolls && !frame.classList.contains("mk-scrolls")) {
        frame.classList.add("mk-scrolls");
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        var words = frame.closest("[data-mk-scrolls]");  // the page's language: its plan's
        frame.setAttribute("aria-label", labelOf(frame) + " (" + (words ? words.getAttribute("data-mk-scrolls") : "scrolls sideways") + ")");
        cue = document.createElement("span");
        cue.className = "mk-scroll-cue";
        cue.setAttribute("aria-hidden", "true");
        cue.textContent = (words ? words.getAttribute("data-mk-scroll-cue") : "Scroll sideways for more") + " \u2192";
        frame.insertBefore(cue, frame.firstChild);
      } else if (!scrolls && frame.classList.contains("mk-scrolls")) {
        frame.classList.remove("mk-scrolls");
        ["tabindex", "role", "aria-label"].forEach(function (name) { frame.removeAttribute(name); });
        if (cue) cue.remove();
      }
    });
  }

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-mk-catalog]"), setup);
    markScrolling();
    // Material's search is a dialog without a name (axe-core: aria-dialog-name): give it one.
    Array.prototype.forEach.call(document.querySelectorAll(".md-search[role='dialog']:not([aria-label])"),
      function (dialog) { dialog.setAttribute("aria-label", "Search"); });
  }
  window.addEventListener("resize", markScrolling);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setupAll);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
