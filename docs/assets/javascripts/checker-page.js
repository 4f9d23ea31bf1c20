/* The policy checker's page: reads pasted text or a chosen file, runs window.AttendanceChecker (the
   engine, checker-engine.js) on the rules the build exports, and shows the findings.

   Everything stays in the browser: the only requests are to this site (the rules, and a file reader
   from vendor/ the first time a file of that kind is chosen). Every piece of text that comes from the
   document is put on the page with textContent, never as HTML, so markup or script in a policy shows
   as text. The limits and messages mirror build_tools/policy/read.py and check.py. */
(function () {
  "use strict";

  var root = document.querySelector("[data-policy-checker]");
  if (!root) return;

  var limits = JSON.parse(root.getAttribute("data-limits"));
  var vendor = root.getAttribute("data-vendor");
  var siteRoot = root.getAttribute("data-root");
  var form = document.getElementById("checker-form");
  var textBox = document.getElementById("checker-text");
  var fileBox = document.getElementById("checker-file");
  var chosen = document.getElementById("checker-chosen");
  var alertBox = document.getElementById("checker-alert");
  var statusBox = document.getElementById("checker-status");
  var results = document.getElementById("checker-results");
  var kindBox = document.getElementById("checker-kind");
  var kindNote = document.getElementById("checker-kind-note");
  var summary = document.getElementById("checker-summary");
  var findingsBox = document.getElementById("checker-findings");
  var rules = null;
  var current = null; // {name, statements} of the document last checked

  var GROUPS = [
    ["serious", "Serious: goes against the law or statutory guidance"],
    ["check", "Worth raising: differs from the Code"],
    ["note", "Note: out-of-date wording"]
  ];

  /* A refusal with what is wrong and what to do, as read.py's Unreadable. */
  function Unreadable(message, fix) {
    this.message = message;
    this.fix = fix;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function link(href, text, className) {
    var a = el("a", className, text);
    a.setAttribute("href", siteRoot + href);
    return a;
  }

  function sentence(text) {
    text = String(text);
    return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? "" : ".");
  }

  function say(message) {
    alertBox.textContent = "";
    if (message) alertBox.appendChild(el("p", null, message));
  }

  function refuse(who, problem) {
    results.hidden = true;
    statusBox.textContent = "";
    say(who + " " + problem.message + ". " + sentence(problem.fix));
  }

  // ------------------------------------------------------------------ reading files

  /* A file reader from vendor/, added as a script the first time it is needed. */
  var loading = {};
  function vendorScript(name, ready) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = vendor + name;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error("could not load " + name)); };
        document.head.appendChild(script);
      });
    }
    return loading[name].then(ready);
  }

  function suffixOf(name) {
    var match = /\.[^./\\]+$/.exec(name);
    return match ? match[0].toLowerCase() : "";
  }

  var TEXT_TYPES = [".txt", ".text", ".md", ".markdown"];
  var CP1252_UNDEFINED = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

  function decodeText(bytes) {
    if (bytes.subarray(0, 8192).indexOf(0) !== -1) {
      throw new Unreadable("is not a text file (it contains binary data)", "save it as plain text, .docx or .pdf");
    }
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch (e) {
      // Word on Windows saves "plain text" as Windows-1252 (read.py does the same).
      var text = new TextDecoder("windows-1252").decode(bytes);
      var bad = 0;
      for (var i = 0; i < bytes.length; i++) if (CP1252_UNDEFINED.indexOf(bytes[i]) !== -1) bad++;
      if (bad > Math.floor(text.length / 100)) {
        throw new Unreadable("is not readable text", "save it as UTF-8 text, or as .docx or .pdf");
      }
      return text;
    }
  }

  /* The names and unpacked sizes in a zip's central directory, read before anything is unpacked. */
  function zipEntries(bytes) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    var notWord = new Unreadable("is not a Word document (.docx)", "open it in Word and save it as .docx");
    var end = -1;
    for (var i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
      if (view.getUint32(i, true) === 0x06054b50) { end = i; break; }
    }
    if (end < 0) throw notWord;
    var count = view.getUint16(end + 10, true);
    var offset = view.getUint32(end + 16, true);
    var entries = [];
    var names = new TextDecoder("utf-8");
    for (var n = 0; n < count; n++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) throw notWord;
      var nameLength = view.getUint16(offset + 28, true);
      var extra = view.getUint16(offset + 30, true);
      var comment = view.getUint16(offset + 32, true);
      entries.push({
        name: names.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)).toLowerCase(),
        size: view.getUint32(offset + 24, true)
      });
      offset += 46 + nameLength + extra + comment;
    }
    return entries;
  }

  function checkDocx(bytes) {
    var entries = zipEntries(bytes);
    var unpacked = entries.reduce(function (sum, e) { return sum + e.size; }, 0);
    if (entries.length > limits.zip_entries || unpacked > limits.zip_unpacked) {
      throw new Unreadable("unpacks to more than the checker reads", "save the policy on its own as .docx");
    }
    var names = entries.map(function (e) { return e.name; });
    if (names.some(function (n) { return /vbaproject\.bin$/.test(n); })) {
      throw new Unreadable("contains macros", "save it as a .docx without macros, or paste its text");
    }
    if (names.some(function (n) { return n.indexOf("word/embeddings/") === 0 || n.indexOf("word/activex/") === 0; })) {
      throw new Unreadable("contains embedded objects", "save a copy without them, or paste its text");
    }
    if (names.indexOf("word/document.xml") === -1) {
      throw new Unreadable("is not a Word document (.docx)", "open it in Word and save it as .docx");
    }
  }

  function readDocx(bytes) {
    checkDocx(bytes);
    return vendorScript("mammoth.browser.min.js", function () {
      return window.mammoth.extractRawText({ arrayBuffer: bytes.buffer });
    }).then(function (result) {
      return result.value;
    }, function () {
      throw new Unreadable("is not a readable Word document", "open it in Word and save it again");
    });
  }

  function readPdf(bytes) {
    var broken = new Unreadable("is not a readable PDF", "open it and save it again as PDF");
    return vendorScript("pdf.min.js", function () {
      var lib = window.pdfjsLib;
      lib.GlobalWorkerOptions.workerSrc = vendor + "pdf.worker.min.js";
      return lib.getDocument({
        data: bytes,
        isEvalSupported: false,
        disableFontFace: true,
        useSystemFonts: false,
        enableXfa: false,
        stopAtErrors: false
      }).promise;
    }).then(function (pdf) {
      if (pdf.numPages > limits.pdf_pages) {
        throw new Unreadable("has more than " + limits.pdf_pages + " pages", "check the part that is the policy");
      }
      var pages = [];
      for (var p = 1; p <= pdf.numPages; p++) {
        pages.push(pdf.getPage(p).then(function (page) { return page.getTextContent(); }));
      }
      return Promise.all(pages);
    }).then(function (contents) {
      var text = contents.map(function (content) {
        return content.items.map(function (item) {
          return (item.str || "") + (item.hasEOL ? "\n" : "");
        }).join("");
      }).join("\n\n");
      if (text.trim().length < 20) {
        throw new Unreadable(
          "has no text layer (it looks like a scanned image)",
          "ask the school for an accessible copy, or copy the text in by hand"
        );
      }
      return text;
    }, function (error) {
      if (error instanceof Unreadable) throw error;
      if (error && error.name === "PasswordException") {
        throw new Unreadable("is an encrypted PDF", "ask for an unprotected copy, or paste its text");
      }
      throw broken;
    });
  }

  /* The text of a chosen file, as read.py's document_text reads the same bytes. */
  function fileText(file) {
    var suffix = suffixOf(file.name);
    if (suffix === ".docm") {
      return Promise.reject(new Unreadable(
        "is a Word file with macros (.docm)", "save it as .docx without macros, or paste its text"));
    }
    if (TEXT_TYPES.indexOf(suffix) === -1 && suffix !== ".pdf" && suffix !== ".docx") {
      return Promise.reject(new Unreadable(
        "is a '" + (suffix || "no extension") + "' file", "use one of: " + root.getAttribute("data-types")));
    }
    if (file.size > limits.bytes) {
      return Promise.reject(new Unreadable(
        "is " + Math.floor(file.size / 1000000) + " MB, over the " + Math.floor(limits.bytes / 1000000) + " MB limit",
        "check the attendance policy on its own, or paste its text"));
    }
    return file.arrayBuffer().then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      if (suffix === ".pdf") return readPdf(bytes);
      if (suffix === ".docx") return readDocx(bytes);
      return decodeText(bytes);
    }, function () {
      throw new Unreadable("cannot be read", "choose the file again, or paste its text");
    });
  }

  // ------------------------------------------------------------------ checking

  function loadRules() {
    if (rules) return Promise.resolve(rules);
    return fetch(root.getAttribute("data-rules"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (loaded) { rules = loaded; return rules; });
  }

  /* The document's statements, refused as check.py's check_text refuses them. */
  function statementsOf(text) {
    var engine = window.AttendanceChecker;
    if (text.length > limits.text_chars) {
      throw new Unreadable("has more text than the checker reads (2 million characters)", "check the policy on its own");
    }
    var found = engine.statements(text);
    if (!found.length) {
      throw new Unreadable("has no text to check", "check that it is the policy itself, or paste its text");
    }
    if (found.length > limits.statements) {
      throw new Unreadable("has more than " + limits.statements + " statements", "check the policy on its own");
    }
    var words = found.reduce(function (sum, s) {
      return sum + s.split(/\s+/).filter(Boolean).length;
    }, 0);
    if (words >= 40 && engine.englishShare(found, rules) < engine.TOO_FOREIGN) {
      throw new Unreadable(
        "does not look like English",
        "the checker reads English only; check an English version of the document");
    }
    return found;
  }

  function run(event) {
    event.preventDefault();
    say("");
    var file = fileBox.files && fileBox.files[0];
    var text = textBox.value;
    if (!file && !text.trim()) {
      results.hidden = true;
      say("There is nothing to check yet. Paste the policy's text into the box, or choose its file.");
      textBox.focus();
      return;
    }
    var who = file ? "The file \u201c" + file.name + "\u201d" : "The text you pasted";
    if (!window.AttendanceChecker) {
      say("The checker could not start on this page. Reload the page and try again.");
      return;
    }
    statusBox.textContent = file ? "Reading the file\u2026" : "Checking\u2026";
    Promise.all([loadRules(), file ? fileText(file) : Promise.resolve(text)])
      .then(function (loaded) {
        statusBox.textContent = "Checking\u2026";
        current = { name: file ? file.name : "", who: who, statements: statementsOf(loaded[1]) };
        show(window.AttendanceChecker.checkDocument(current.statements, rules, null));
      })
      .catch(function (problem) {
        if (problem instanceof Unreadable) refuse(who, problem);
        else {
          results.hidden = true;
          statusBox.textContent = "";
          say("Something went wrong while checking. Reload the page and try again, or paste the text instead of the file.");
        }
      });
  }

  function rerun() {
    if (!current) return;
    show(window.AttendanceChecker.checkDocument(current.statements, rules, kindBox.value));
  }

  // ------------------------------------------------------------------ showing the findings

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  /* The statement with the clashing words marked, each piece added as text. */
  function quoted(text, words) {
    var quote = el("blockquote", "checker-quote");
    var lower = text.toLowerCase();
    var marks = [];
    (words || []).forEach(function (word) {
      var w = String(word).toLowerCase();
      if (!w) return;
      var at = lower.indexOf(w);
      if (at !== -1) marks.push([at, at + w.length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      quote.appendChild(document.createTextNode(text.slice(pos, m[0])));
      quote.appendChild(el("mark", null, text.slice(m[0], m[1])));
      pos = m[1];
    });
    quote.appendChild(document.createTextNode(text.slice(pos)));
    return quote;
  }

  /* The official sources, one line per document with its authority and each paragraph linked. */
  function sourcesList(sources) {
    var documents = [];
    var byName = {};
    (sources || []).forEach(function (s) {
      var entry = byName[s.document];
      if (!entry) {
        entry = byName[s.document] = { source: s, refs: [], seen: {} };
        documents.push(entry);
      }
      if (s.ref && !entry.seen[s.ref]) {
        entry.seen[s.ref] = true;
        entry.refs.push(s);
      }
    });
    var list = el("ul", "checker-sources");
    documents.forEach(function (entry) {
      var item = el("li");
      if (!entry.refs.length) item.appendChild(link(entry.source.url, entry.source.document));
      else {
        item.appendChild(document.createTextNode(entry.source.document + ", "));
        entry.refs.forEach(function (s, i) {
          if (i) item.appendChild(document.createTextNode(", "));
          item.appendChild(link(s.url, s.ref.replace(/^paras? /, i ? "" : "paragraph ")));
        });
      }
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("span", "checker-authority", entry.source.authority_label));
      list.appendChild(item);
    });
    return list;
  }

  function field(parent, label, content) {
    var row = el("div", "checker-field");
    row.appendChild(el("p", "checker-label", label));
    if (typeof content === "string") row.appendChild(el("p", null, content));
    else row.appendChild(content);
    parent.appendChild(row);
  }

  function sectionLink(code) {
    var s = code.section;
    return link(s.url, "Code s." + s.number + " " + s.title);
  }

  /* One card for the findings on one subject that the Code answers the same way: each place in the
     document quoted, then what it means, the Code, its sources and the letter, once. */
  function conflictCard(found, id) {
    var f = found[0];
    var card = el("article", "checker-finding checker-" + f.seriousness);
    card.id = id;
    card.appendChild(el("h4", null, sentence(f.subject_label).replace(/\.$/, "")));
    var quotes = el("div", "checker-quotes");
    found.forEach(function (one) {
      var place = el("div", "checker-place");
      place.setAttribute("data-finding", one.id);
      place.appendChild(quoted(one.statement.text, one.words));
      if (one.words && one.words.length) {
        place.appendChild(el("p", "checker-words", "Clashing words: " + one.words.join(", ")));
      }
      quotes.appendChild(place);
    });
    field(card, found.length === 1 ? "The document says" : "The document says (" + found.length + " places)", quotes);
    field(card, "What this means for your family", el("p", "checker-family", f.family));
    var says = el("div");
    says.appendChild(el("p", null, f.says));
    if (f.code.section) {
      var where = el("p");
      where.appendChild(sectionLink(f.code));
      says.appendChild(where);
    }
    field(card, "What the Code says", says);
    if (f.code.sources && f.code.sources.length) {
      field(card, f.code.sources.length === 1 ? "The official source" : "The official sources", sourcesList(f.code.sources));
    }
    if (f.code.prevails) field(card, "Which one counts", f.code.prevails);
    if (f.code.letter) {
      var letter = el("p", "checker-letter");
      letter.appendChild(link(f.code.letter.url, "Use the letter: " + f.code.letter.title, "md-button"));
      card.appendChild(letter);
    }
    return card;
  }

  /* The findings grouped by subject and by what the Code says, in the order they first appear. */
  function bySubject(findings) {
    var groups = [];
    var index = {};
    findings.forEach(function (f) {
      var key = f.subject + "\u0000" + f.says;
      if (!(key in index)) {
        index[key] = groups.length;
        groups.push([]);
      }
      groups[index[key]].push(f);
    });
    return groups;
  }

  function missingPart(report) {
    var part = el("section", "checker-missing");
    part.setAttribute("aria-labelledby", "checker-missing-title");
    var title = el("h3", null, "What the policy leaves out");
    title.id = "checker-missing-title";
    part.appendChild(title);
    if (!report.missing.length) {
      part.appendChild(el("p", null, "It seems to cover everything the official guidance says a school's attendance policy should include."));
      return part;
    }
    var first = report.missing[0].code;
    var intro = el("p", null, "The official guidance says a school's attendance policy should include these. We could not find them in this one:");
    part.appendChild(intro);
    var list = el("ul", "checker-missing-list");
    report.missing.forEach(function (m) {
      var item = el("li", null, sentence(m.label));
      item.setAttribute("data-missing", m.id);
      list.appendChild(item);
    });
    part.appendChild(list);
    if (first && first.section) {
      var where = el("p");
      where.appendChild(document.createTextNode("See "));
      where.appendChild(sectionLink(first));
      part.appendChild(where);
    }
    return part;
  }

  function agreementsPart(agreements) {
    var box = el("details", "checker-agreements");
    box.appendChild(el("summary", null, "Where it agrees with the Code (" + agreements.length + ")"));
    var list = el("ul");
    agreements.forEach(function (f) {
      var item = el("li");
      item.setAttribute("data-finding", f.id);
      item.appendChild(el("strong", null, sentence(f.subject_label).replace(/\.$/, "") + ": "));
      item.appendChild(document.createTextNode("\u201c" + f.statement.text + "\u201d "));
      if (f.code && f.code.section) item.appendChild(sectionLink(f.code));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function show(report) {
    var conflicts = report.findings.filter(function (f) { return f.type === "conflict"; });
    var agreements = report.findings.filter(function (f) { return f.type === "agreement"; });
    var count = function (level) { return conflicts.filter(function (f) { return f.seriousness === level; }).length; };
    findingsBox.textContent = "";
    kindBox.value = report.kind;
    kindNote.textContent = report.kind_given ? " (as you chose)" : " (worked out from its first lines; change it if it is wrong)";
    var line = conflicts.length
      ? plural(count("serious"), "serious problem", "serious problems") + ", " +
        plural(count("check"), "thing", "things") + " worth raising, " + plural(count("note"), "note", "notes")
      : "Nothing that goes against the Code";
    if (report.kind === "school-policy") line += "; " + plural(report.missing.length, "thing", "things") + " missing";
    summary.textContent = line + ". Checked " + plural(report.statements, "sentence", "sentences") +
      (current.name ? " from \u201c" + current.name + "\u201d" : "") + ".";
    var overview = el("ul", "checker-overview");
    var cards = 0;
    GROUPS.forEach(function (group) {
      var found = conflicts.filter(function (f) { return f.seriousness === group[0]; });
      if (!found.length) return;
      var part = el("section", "checker-group checker-group-" + group[0]);
      part.appendChild(el("h3", null, group[1] + " (" + found.length + ")"));
      bySubject(found).forEach(function (same) {
        var id = "checker-finding-" + (++cards);
        part.appendChild(conflictCard(same, id));
        var item = el("li", "checker-overview-" + group[0]);
        item.appendChild(el("span", "checker-overview-level", group[1].split(":")[0] + ": "));
        var jump = el("a", null, sentence(same[0].subject_label).replace(/\.$/, ""));
        jump.setAttribute("href", "#" + id);
        item.appendChild(jump);
        if (same.length > 1) item.appendChild(document.createTextNode(" (" + same.length + " places)"));
        overview.appendChild(item);
      });
      findingsBox.appendChild(part);
    });
    if (cards > 1) {
      var intro = el("p", "checker-overview-title", "In short:");
      findingsBox.insertBefore(overview, findingsBox.firstChild);
      findingsBox.insertBefore(intro, overview);
    }
    if (!conflicts.length) {
      findingsBox.appendChild(el("p", "checker-none", "We found nothing in it that goes against the Code. The checker can miss things, so if something in it worries you, look it up in the Code."));
    }
    if (report.kind === "school-policy") findingsBox.appendChild(missingPart(report));
    if (agreements.length) findingsBox.appendChild(agreementsPart(agreements));
    findingsBox.appendChild(el("p", "checker-caveat", "Quote the Code section and the official paragraph when you write to the school."));
    statusBox.textContent = "Done. The results are below.";
    results.hidden = false;
    document.getElementById("checker-results-title").focus();
  }

  // ------------------------------------------------------------------ wiring

  fileBox.addEventListener("change", function () {
    var file = fileBox.files && fileBox.files[0];
    chosen.hidden = !file;
    chosen.textContent = file ? "The file \u201c" + file.name + "\u201d will be checked, not the box above." : "";
  });
  textBox.addEventListener("input", function () {
    if (fileBox.value) {
      fileBox.value = "";
      chosen.hidden = true;
      chosen.textContent = "";
    }
  });
  form.addEventListener("submit", run);
  kindBox.addEventListener("change", rerun);
  document.getElementById("checker-print").addEventListener("click", function () { window.print(); });
})();
