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

  /* ---- search starts when the reader opens it ----
     Nothing for search is fetched with the page: on the first focus of the search box the search worker
     (workers/search-lazy.js) is told to fetch the index, and the jump table (site.json) is fetched. */
  var searchChannel = null;

  function whenSearchOpens(input, start) {
    var started = false;
    function once() {
      if (started) { return; }
      started = true;
      if (typeof BroadcastChannel === "function") {
        searchChannel = new BroadcastChannel("attendance-code-search");
        searchChannel.postMessage("open");
      }
      start();
    }
    input.addEventListener("focus", once);
    input.addEventListener("input", once);
    if (document.activeElement === input || input.value) { once(); } /* a ?q= link opened search */
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
  var SECTION_WORDS = "(?:s\\.?|sec\\.?|section|§)";
  // Words that may follow "para 365" and still mean Working together, the default for paragraphs.
  var PARA_WORDS = /^(?:of|in|the|wt|working|together|to|improve|school|attendance|guidance|2024|dfe)$/;

  function cleanName(text) {
    return text.toLowerCase().replace(/\b(?:the|of|19\d\d|20\d\d)\b|[^a-z\s-]/g, " ").trim()
      .split(/\s+/).filter(Boolean);
  }

  /* The jump keys a query may mean, most likely first ([] for an ordinary search). */
  function candidates(kind, number, rest) {
    var prefix = kind === "s" ? "s." : kind + " ";
    var words = cleanName(rest || "");
    if (!words.length) { return [prefix + number]; }
    var names = (jumps && jumps.names[kind]) || [];
    var keys = [];
    names.forEach(function (name, i) {
      var parts = name.split(" ");
      var fits = words.every(function (w) {
        return parts.some(function (p) { return p.indexOf(w) === 0; });
      });
      if (fits) { keys.push(i === 0 ? prefix + number : prefix + number + "@" + name); }
    });
    return keys;
  }

  function normalise(query) {
    var q = query.trim().toLowerCase().replace(/[?!]+$/, "").replace(/\s+/g, " ");
    var m = q.match(new RegExp("^" + SECTION_WORDS + "?\\s*(\\d+\\.\\d+[a-z]?)$"));
    if (m) { return { kind: "section", key: m[1] }; }
    m = q.match(/^code\s*(.+)$/) || q.match(/^(\S{1,2}) code$/);
    if (m) { return { kind: "code", keys: ["code " + m[1]], label: "Attendance code " + m[1].toUpperCase() }; }
    if (/^[a-z]\d?$/.test(q) || q === "/" || q === "\\" || q === "#") {
      return { kind: "code", keys: ["code " + q], label: "Attendance code " + q.toUpperCase() };
    }
    m = q.match(new RegExp("^" + SECTION_WORDS + "\\s*(\\d+[a-z]*)(?:\\(\\w+\\))*\\s*(.*)$"));
    if (m) { return { kind: "s", keys: candidates("s", m[1], m[2]), label: "Section " + m[1].toUpperCase() }; }
    m = q.match(/^(?:regs?\.?|regulations?)\s*(\d+)(?:\(\w+\))*\s*(.*)$/);
    if (m) { return { kind: "reg", keys: candidates("reg", m[1], m[2]), label: "Regulation " + m[1] }; }
    m = q.match(/^(?:(?:working together|wt)\s+)?(?:para(?:graph)?s?\.?|¶)\s*(\d+)\s*(.*)$/);
    if (m && m[2].split(" ").every(function (w) { return !w || PARA_WORDS.test(w); })) {
      return { kind: "para", keys: ["para " + m[1]], label: "Working together, paragraph " + m[1] };
    }
    return null;
  }

  function describe(url) {
    var target = jumps.byUrl[url];
    return { url: url, label: target ? "s." + target.number + " " + target.title : url };
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
      return hit ? { kind: n.kind, targets: [{ url: hit.url, label: "s." + hit.number + " " + hit.title }] } : null;
    }
    var key = n.keys.filter(function (k) { return jumps.aliases[k]; })[0];
    if (!key) { return null; }
    var urls = [jumps.aliases[key]].concat(jumps.also[key] || []);
    return { kind: n.kind, label: n.label, alias: key, targets: urls.map(describe) };
  }

  /* ---- what the search worker is asked ----
     Material's index drops English stop words, but it adds a trailing wildcard to every query word and
     does not stem, so "a" or "i" match every word starting with that letter and "fined" misses "fine".
     Before a query reaches the worker, drop the stop words and cut common endings. */
  var STOP = ("a able about across after all almost also am among an and any are as at be because been " +
    "but by can cannot could dear did do does either else ever every for from get got had has have he her " +
    "hers him his how however i if in into is it its just least let like likely may me might most must my " +
    "neither no nor not of off often on only or other our own rather said say says she should since so some " +
    "than that the their them then there these they this tis to too twas us wants was we were what when " +
    "where which while who whom why will with would yet you your im dont cant wont").split(" ");
  var STOPS = {};
  STOP.forEach(function (w) { STOPS[w] = true; });

  function stem(word) {
    var w = word.replace(/['’]s?$/, "");
    if (w.length < 4 || /\d/.test(w)) { return w; }
    if (/ies$/.test(w) && w.length > 5) { return w.slice(0, -3); }
    if (/ing$/.test(w) && w.length >= 8) { return w.slice(0, -3); }
    if (/ed$/.test(w) && w.length >= 5) { return w.length >= 6 ? w.slice(0, -2) : w.slice(0, -1); }
    if (/sses$/.test(w)) { return w.slice(0, -2); }
    if (/s$/.test(w) && !/(?:ss|us|is)$/.test(w)) { return w.slice(0, -1); }
    return w;
  }

  function searchTerms(query) {
    if (/["+~^*:]/.test(query)) { return query; }  /* the reader wrote lunr syntax: leave it alone */
    var words = query.toLowerCase().split(/[\s,;!?()]+/).filter(Boolean);
    var kept = words.filter(function (w) { return !STOPS[w.replace(/['’]/g, "")]; })
      .map(stem).filter(Boolean);
    /* Each word twice: as a whole word (weighted up) and as a prefix, so "time" ranks a page about time
       off above one about timetables, while "appoint" still finds "appointment". */
    return kept.length ? kept.join(" ") : query;
  }

  if (window.Worker && Worker.prototype.postMessage) {
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      /* 2 is Material's "search query" message; its data is the text in the search box. */
      if (message && message.type === 2 && typeof message.data === "string") {
        var args = Array.prototype.slice.call(arguments);
        args[0] = { type: 2, data: searchTerms(message.data) };
        return post.apply(this, args);
      }
      return post.apply(this, arguments);
    };
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
        jumps = { byNumber: byNumber, byUrl: byUrl, aliases: data.jumps || {}, also: data.jump_also || {},
          names: data.jump_names || {}, root: root };
      });
  }

  function link(target) {
    var a = document.createElement("a");
    a.href = new URL(target.url, jumps.root).href;
    a.className = "cite-jump-link";
    a.textContent = target.label;
    return a;
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
      box.textContent = "";
      var first = hit.targets[0];
      box.appendChild(document.createTextNode(hit.label ? hit.label + ": " : "Go to "));
      box.appendChild(link(first));
      box.appendChild(document.createTextNode(" (press Enter)"));
      if (hit.targets.length > 1) {
        var more = document.createElement("div");
        more.className = "cite-jump-also";
        more.appendChild(document.createTextNode("Also cited in:"));
        var list = document.createElement("ul");
        hit.targets.slice(1).forEach(function (t) {
          var item = document.createElement("li");
          item.appendChild(link(t));
          list.appendChild(item);
        });
        more.appendChild(list);
        box.appendChild(more);
      }
      box.hidden = false;
      return new URL(first.url, jumps.root).href;
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
    whenSearchOpens(input, function () {
      load().then(update, function () { /* search still works without the jump index */ });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
  window.attendanceCode = { normalise: normalise, lookup: lookup, searchTerms: searchTerms, copyText: copyText };
})();
