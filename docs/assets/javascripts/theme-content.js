// mkdocs-material's content script (partials/javascripts/content.html), as a file: opens the content
// tab named in the URL fragment. Moved out of the page so the CSP can forbid inline scripts.
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
