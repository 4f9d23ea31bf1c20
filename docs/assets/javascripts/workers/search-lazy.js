/* Attendance Code of Practice: the theme's search worker, started only when a reader searches.

   Material for MkDocs fetches search/search_index.json on every page load and hands it to its search
   worker. The build writes a stub there (the search settings, no pages) and the whole index beside it as
   search_index.full.json; overrides/main.html points the theme at this worker, which answers the theme
   at once and fetches the whole index and the theme's own worker (passed as ?engine=) only when the
   reader opens search (code.js says so over a BroadcastChannel) or types a query. Messages follow the
   theme's protocol: 0 setup, 1 ready, 2 query, 3 result. */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var here = new URL(self.location.href);
  var name = here.searchParams.get("engine") || "";
  /* Only the theme's own worker, from this folder: never a script named by anything else. */
  var engineUrl = /^search\.[0-9a-f]+\.min\.js$/.test(name) ? new URL(name, here).href : null;
  var indexUrl = new URL("../../../search/search_index.full.json", here).href;
  var send = self.postMessage.bind(self);
  var options = {};
  var engine = null;             /* promise of the theme's message listener, set up with the whole index */
  var queue = Promise.resolve(); /* queries are answered one at a time, in the order they came */
  var replies = [];              /* what is waiting for the theme's next answer */

  /* The theme's worker answers through the global postMessage: route its answers to whoever asked. */
  self.postMessage = function (message) {
    var resolve = replies.shift();
    if (resolve) { resolve(message); }
  };

  function ask(listener, message) {
    return new Promise(function (resolve) {
      replies.push(resolve);
      listener({ data: message });
    });
  }

  function importEngine() {
    if (!engineUrl) { throw new Error("search-lazy.js: no engine named"); }
    var listener = null;
    var add = self.addEventListener;
    self.addEventListener = function (type, fn) {
      if (type === "message") { listener = fn; } else { add.apply(self, arguments); }
    };
    try { importScripts(engineUrl); } finally { self.addEventListener = add; }
    if (!listener) { throw new Error("search-lazy.js: the theme's worker listens for no messages"); }
    return listener;
  }

  function load() {
    if (!engine) {
      engine = fetch(indexUrl, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("search index: HTTP " + response.status); }
          return response.json();
        })
        .then(function (index) {
          var listener = importEngine();
          var setup = { config: index.config, docs: index.docs, options: options };
          return ask(listener, { type: SETUP, data: setup }).then(function () { return listener; });
        });
      engine.catch(function () { engine = null; }); /* a later search tries again */
    }
    return engine;
  }

  function empty() { return { type: RESULT, data: { items: [] } }; }

  self.addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type === SETUP) {
      options = (message.data && message.data.options) || {};
      send({ type: READY });
    } else if (message.type === QUERY) {
      var text = typeof message.data === "string" ? message.data : "";
      if (!engine && !text.trim()) { send(empty()); return; } /* the theme's first, empty query */
      queue = queue
        .then(load)
        .then(function (listener) { return ask(listener, message); })
        .then(send, function (error) { console.warn(error); send(empty()); });
    }
  });

  if (typeof BroadcastChannel === "function") {
    new BroadcastChannel("attendance-code-search").onmessage = function (event) {
      if (event.data === "open") { load().catch(function () { /* retried on the first query */ }); }
    };
  }
})();
