/* Attendance Code of Practice: letter templates filled in the browser.
   Nothing typed leaves this page: no network request, no storage (no cookies, no localStorage).
   Typed text is inserted with textContent only, so it is never read as HTML. */
(function () {
  "use strict";

  var DATE_FORMAT = { day: "numeric", month: "long", year: "numeric" };

  function shown(input) {
    var value = input.value.trim();
    if (value && input.type === "date") {
      var parts = value.split("-");
      var date = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
      if (!isNaN(date.getTime())) { return date.toLocaleDateString("en-GB", DATE_FORMAT); }
    }
    return value;
  }

  function fill(form) {
    var letter = document.getElementById(form.getAttribute("data-letter-form"));
    if (!letter) { return; }
    var values = {};
    form.querySelectorAll("[data-field]").forEach(function (input) {
      values[input.getAttribute("data-field")] = shown(input);
    });
    letter.querySelectorAll(".letter-field[data-field]").forEach(function (span) {
      var value = values[span.getAttribute("data-field")];
      span.textContent = value ? value : span.getAttribute("data-empty");
      span.classList.toggle("letter-field--empty", !value);
    });
  }

  /* A paragraph with data-when shows only while its option is ticked: the letter never says
     something the parent did not choose. */
  function applyOptions(options) {
    var letter = document.getElementById(options.getAttribute("data-letter-options"));
    if (!letter) { return; }
    var ticked = {};
    options.querySelectorAll("[data-option]").forEach(function (box) {
      ticked[box.getAttribute("data-option")] = box.checked;
    });
    letter.querySelectorAll("[data-when]").forEach(function (block) {
      block.hidden = !ticked[block.getAttribute("data-when")];
    });
    /* A reference cited only by optional paragraphs is listed while any of them is shown. */
    letter.querySelectorAll("[data-when-any]").forEach(function (item) {
      item.hidden = !item.getAttribute("data-when-any").split(" ").some(function (id) { return ticked[id]; });
    });
  }

  /* The letter as plain text: one block per shown paragraph, requests numbered, references included. */
  function letterText(letter) {
    var blocks = [];
    var item = 0;
    letter.querySelectorAll("[data-letter-block]").forEach(function (block) {
      if (block.hidden) { return; }
      var text = block.textContent.replace(/\s+/g, " ").trim();
      var number = block.hasAttribute("data-letter-item") ? String(++item) : null;
      if (!text) { return; }
      blocks.push(number ? number + ". " + text : text);
    });
    return blocks.join("\n\n") + "\n";
  }

  /* Copying is shared with the citation buttons (code.js, loaded first on every page). */
  function copyText(text) {
    return window.attendanceCode.copyText(text);
  }

  function status(button, message) {
    var target = document.getElementById(button.getAttribute("aria-describedby") || "");
    if (target) { target.textContent = message; }
  }

  document.querySelectorAll("[data-letter-options]").forEach(function (options) {
    options.addEventListener("change", function () { applyOptions(options); });
    applyOptions(options);
  });

  document.querySelectorAll("[data-letter-form]").forEach(function (form) {
    form.addEventListener("input", function () { fill(form); });
    form.addEventListener("change", function () { fill(form); });
    fill(form);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-letter-target]");
    if (!button) { return; }
    var letter = document.getElementById(button.getAttribute("data-letter-target"));
    if (!letter) { return; }
    if (button.classList.contains("letter-print")) { window.print(); return; }
    var text = letterText(letter);
    window.__lastLetterCopy = text;  /* read by the browser test; never stored beyond this page */
    copyText(text).then(function () {
      status(button, "Letter copied. Paste it into an email or a document.");
    }, function () {
      status(button, "Could not copy. Select the letter text and copy it yourself.");
    });
  });
})();
