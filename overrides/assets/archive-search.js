/* Pagefind search in the header (see build_docs/search.py).
 * The site root is resolved once, on the first page loaded: Material's
 * instant navigation keeps the header, so later pages share it. Works on a
 * subpath (GitHub Pages) and offline: everything comes from <root>/pagefind/.
 * A large archive is indexed in shards (search.py): pagefind/shards.json
 * lists the extra bundles, which Pagefind merges into one result list. */
(function () {
  "use strict";
  var dialog = document.getElementById("archive-search");
  var toggle = document.getElementById("__search");
  if (!dialog || !toggle) return;
  var root = new URL(dialog.getAttribute("data-archive-search-root") || "./", location.href);
  var bundle = new URL("pagefind/", root).href;
  var ui = null;
  var loading = null;
  document.documentElement.classList.add("archive-search-js");

  /* The shards besides the main bundle; none when the list is missing. */
  function shards() {
    return fetch(bundle + "shards.json")
      .then(function (response) { return response.ok ? response.json() : { shards: [] }; })
      .then(function (data) {
        /* Pagefind would take a shard's base URL from its own path (.../pagefind/shard-1/). */
        return (data.shards || []).map(function (path) {
          return { bundlePath: new URL(path, bundle).pathname, baseUrl: root.pathname };
        });
      })
      .catch(function () { return []; });
  }

  function load() {
    if (loading) return loading;
    var merged = shards();
    loading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundle + "pagefind-ui.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = bundle + "pagefind-ui.js";
      script.onload = function () {
        merged.then(function (mergeIndex) { resolve(start(mergeIndex)); });
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  function start(mergeIndex) {
    ui = new window.PagefindUI({
      element: "#archive-search-ui",
      bundlePath: bundle,
      baseUrl: root.pathname,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      autofocus: true,
      mergeIndex: mergeIndex
    });
    return ui;
  }

  function focusInput() {
    var input = dialog.querySelector(".pagefind-ui__search-input");
    if (input) input.focus();
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) load().then(function () { setTimeout(focusInput, 0); });
  });
  document.querySelectorAll("[data-archive-search-open]").forEach(function (button) {
    button.addEventListener("click", open);
  });
  /* A result opens its page (instant navigation keeps the dialog): close it. */
  dialog.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a[href]")) close();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      close();
      return;
    }
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      open();
    }
  });
  if (toggle.checked) load();
})();
