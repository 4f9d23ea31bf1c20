// mkdocs-material's head script (partials/javascripts/base.html), moved out of the page so that the
// Content-Security-Policy can forbid every inline script. Same globals, same behaviour; the scope comes
// from the script element's data-md-scope attribute.
/* eslint-disable no-var */
var __md_scope = new URL(document.currentScript.dataset.mdScope, location);
var __md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
var __md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
var __md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};
