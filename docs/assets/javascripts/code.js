/* Attendance Code of Practice: copy-to-clipboard for citations, and citation-aware search.
   Everything is local: the only data read is this site's own assets/data/site.json. */
(function () {
  "use strict";

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    if (config) {
      try { base = JSON.parse(config.textContent).base || "."; } catch (e) { base = "."; }
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  /* ---- cite this section ---- */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-cite-target]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-cite-target"));
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    if (!source) { return; }
    copyText(source.textContent.trim()).then(function () {
      if (status) { status.textContent = "Citation copied."; }
    }, function () {
      if (status) { status.textContent = "Could not copy: select the citation text and copy it."; }
    });
  });

  /* ---- citation-aware search ---- */
  var jumps = null;

  function normalise(query) {
    var q = query.trim().toLowerCase().replace(/\s+/g, " ");
    var m = q.match(/^(?:s\.?|sec\.?|section|§)?\s*(\d+\.\d+[a-z]?)$/);
    if (m) { return { kind: "section", key: m[1] }; }
    m = q.match(/^code\s*(.+)$/);
    if (m) { return { kind: "alias", key: "code " + m[1] }; }
    m = q.match(/^(?:s\.?|sec\.?|section|§)\s*(\d+[a-z]*)(?:\(\w+\))*$/);
    if (m) { return { kind: "alias", key: "s." + m[1] }; }
    m = q.match(/^(?:reg\.?|regulation)\s*(\d+)/);
    if (m) { return { kind: "alias", key: "reg " + m[1] }; }
    if (/^[a-z]\d?$/.test(q) || q === "/" || q === "\\" || q === "#") {
      return { kind: "alias", key: "code " + q };
    }
    return null;
  }

  function lookup(query) {
    if (!jumps) { return null; }
    var n = normalise(query);
    if (!n) { return null; }
    if (n.kind === "section") {
      var hit = jumps.byNumber[n.key] || jumps.byNumber[n.key.toUpperCase()];
      if (!hit) {
        var upper = n.key.replace(/[a-z]$/, function (c) { return c.toUpperCase(); });
        hit = jumps.byNumber[upper];
      }
      return hit ? { url: hit.url, label: "s." + hit.number + " " + hit.title } : null;
    }
    var url = jumps.aliases[n.key];
    if (!url) { return null; }
    var target = jumps.byUrl[url];
    var label = target ? "s." + target.number + " " + target.title : url;
    return { url: url, label: label, alias: n.key };
  }

  function load() {
    var root = siteRoot();
    return fetch(new URL("assets/data/site.json", root)).then(function (r) { return r.json(); })
      .then(function (data) {
        var byNumber = {}, byUrl = {};
        Object.keys(data.sections).forEach(function (id) {
          var s = data.sections[id];
          if (!s.withdrawn) { byUrl[s.url] = s; }
          byNumber[s.number] = s;
        });
        jumps = { byNumber: byNumber, byUrl: byUrl, aliases: data.jumps || {}, root: root };
      });
  }

  function setup() {
    var input = document.querySelector("input[data-md-component='search-query']");
    if (!input) { return; }
    var box = document.createElement("div");
    box.className = "cite-jump";
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", "polite");
    box.hidden = true;
    var anchor = document.querySelector(".md-search__output") || input.parentNode;
    anchor.insertBefore(box, anchor.firstChild);

    function update() {
      var hit = lookup(input.value);
      if (!hit) { box.hidden = true; box.textContent = ""; return null; }
      var href = new URL(hit.url, jumps.root).href;
      box.textContent = "";
      var text = document.createTextNode(hit.alias && hit.alias.indexOf("code ") === 0
        ? "Attendance " + hit.alias + ": " : "Go to ");
      var link = document.createElement("a");
      link.href = href;
      link.className = "cite-jump-link";
      link.textContent = hit.label;
      box.appendChild(text);
      box.appendChild(link);
      box.appendChild(document.createTextNode(" (press Enter)"));
      box.hidden = false;
      return href;
    }

    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      var href = update();
      if (href) {
        event.preventDefault();
        event.stopImmediatePropagation();
        window.location.href = href;
      }
    }, true);
    load().then(update, function () { /* search still works without the jump index */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
  window.attendanceCode = { normalise: normalise, lookup: lookup, copyText: copyText };
})();
