/* Attendance Code of Practice: the policy checker's engine in the browser.

   This is the line-for-line port of build_tools/claims/text.py, reading.py, figures.py and engine.py, and must
   change with them: tests/test_checker_parity.py runs both on the shared fixtures and fails on any
   difference. It runs on the compiled rules the build exports (build_tools/claims/compile.py), so it needs
   no word forms of its own. Classic script, no dependencies, no eval; nothing leaves the page.

   Where JavaScript differs from Python it is made to behave as Python does:
   - Python indexes strings by code point, JavaScript by UTF-16 unit: spans and the 2,000-character cut
     count code points.
   - Python's str.strip() and re's \s, \b differ from trim(), \s and \b: SPACE and boundaries are spelled
     out.
   - Python dicts keep insertion order and have no inherited keys: lookups go through Maps.
   - round(x, 6) rounds half to even; toFixed rounds half away from zero. */
(function () {
  "use strict";

  /* ---- text.py ---- */

  const MAX_CHARS = 2000000;
  const MAX_STATEMENTS = 20000;
  const MAX_STATEMENT_CHARS = 2000;

  const REPLACE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\t": " ",
    "\r": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "", "\u2060": "",
  };
  const REPLACED = new RegExp("[" + Object.keys(REPLACE).join("") + "]", "g");
  // Python's str.isspace() and re's \s (JavaScript's \s and trim() add \ufeff and lack \x1c-\x1f, \x85).
  const SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  const IS_SPACE = new RegExp("[" + SPACE + "]");
  const BULLET = new RegExp(
    "^(?:[-*+\\u2022\\u00b7\\u25aa\\u25cf>]+|\\(?[0-9]{1,3}[.)]|\\(?[a-z][.)]|\\(?[ivx]{1,4}[.)])[" + SPACE + "]+"
  );
  const HEADING = new RegExp("^#{1,6}[" + SPACE + "]+");
  const RULE_LINE = /^[|:\- ]+$/;
  const EMPHASIS = /\*\*|__|`/g;
  const SPACES = / {2,}/g;
  const ABBREVIATIONS = [
    "e.g.", "i.e.", "etc.", "mr.", "mrs.", "ms.", "dr.", "st.", "no.", "approx.", "para.", "cf.",
  ];
  const SENTENCE_END = /[.!?]+["')\]]* +/g;
  const SENTENCE_START = /^[A-Z0-9"'(£]/;
  const ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+|(?:https?:\/\/|www\.)[^ ]+/g;
  const TOKEN = /£|%|[0-9]+(?:st|nd|rd|th)(?![a-z])|[0-9]+(?:[.,][0-9]+)*|[a-z]+(?:'[a-z]+)?/g;
  const DOTS = /[.!?]{4,}/g;
  const CONTRACTED = new Map([["wo", "will"], ["ca", "can"], ["sha", "shall"]]);
  // Only A-Z are lowered, so that offsets into the text stay right ("İ".toLowerCase() is two characters).
  const asciiLower = (s) => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

  // Python's str.strip(), strip(chars) and rstrip(): a loop, as /x+$/ backtracks quadratically on a long run.
  function stripWith(s, stripped, leading) {
    let start = 0, end = s.length;
    while (leading && start < end && stripped(s[start])) start++;
    while (end > start && stripped(s[end - 1])) end--;
    return s.slice(start, end);
  }
  const isSpace = (ch) => IS_SPACE.test(ch);
  const strip = (s) => stripWith(s, isSpace, true);

  function hasSurrogates(s) {
    return /[\ud800-\udfff]/.test(s);
  }

  // Python's s[start:end], counted in code points.
  function slice(s, start, end) {
    return hasSurrogates(s) ? Array.from(s).slice(start, end).join("") : s.slice(start, end);
  }

  // A UTF-16 offset in s as Python's (code point) offset.
  function codePointOffsets(s) {
    if (!hasSurrogates(s)) return (i) => i;
    const at = new Array(s.length + 1);
    let cp = 0;
    for (let i = 0; i < s.length; i++) {
      at[i] = cp;
      const pair = s.charCodeAt(i) >> 10 === 0x36 && i + 1 < s.length && s.charCodeAt(i + 1) >> 10 === 0x37;
      if (pair) at[++i] = cp;
      cp++;
    }
    at[s.length] = cp;
    return (i) => at[i];
  }

  function normalise(text) {
    return text.normalize("NFKC").replace(REPLACED, (ch) => REPLACE[ch]);
  }

  function units(text) {
    const found = [];
    let current = [];
    const close = () => {
      if (current.length) {
        found.push(current.join(" "));
        current = [];
      }
    };
    for (let line of text.split("\n")) {
      line = strip(line);
      if (!line || RULE_LINE.test(line)) {
        close();
        continue;
      }
      if (line.startsWith("|")) {
        // a table row is one statement: its cells belong together ("Second notice | £80")
        close();
        const cells = stripWith(line, (ch) => ch === "|", true).split("|").map(strip).filter((cell) => cell);
        if (cells.length) found.push(cells.join("; "));
        continue;
      }
      const isHeading = HEADING.test(line);
      const startsNew = BULLET.test(line) || isHeading;
      if (startsNew) {
        close();
        line = line.replace(BULLET, "").replace(HEADING, "");
      }
      current.push(line);
      if (line.endsWith(":") || isHeading) close();
    }
    close();
    return found;
  }

  // A title and an initial ("Mr D. Hollins"): the initial's full stop does not end the sentence
  const INITIAL = /(?:^|[^a-z])(?:mr|mrs|ms|miss|mx|dr)\.? [a-z]\.$/u;

  // Whether the text before a full stop ends in an abbreviation: a whole word ("St." but not "first."),
  // or a title's initial.
  function abbreviated(before) {
    return INITIAL.test(before) || ABBREVIATIONS.some(
      (a) => before.endsWith(a) && (before.length === a.length || !/\p{L}/u.test(before[before.length - a.length - 1]))
    );
  }

  function sentences(unit) {
    // a long run of dots ("........") would make the sentence-end search quadratic
    unit = strip(unit.replace(DOTS, "...").replace(EMPHASIS, "").replace(SPACES, " "));
    const found = [];
    let start = 0;
    for (const match of unit.matchAll(SENTENCE_END)) {
      const end = match.index + match[0].length;
      const before = unit.slice(start, match.index + 1).toLowerCase();
      const following = unit.slice(end, end + 1);
      if (abbreviated(before) || !SENTENCE_START.test(following)) continue;
      found.push(strip(unit.slice(start, end)));
      start = end;
    }
    found.push(strip(unit.slice(start)));
    return found.filter((s) => /[A-Za-z]/.test(s));
  }

  function statements(text) {
    const found = [];
    for (const unit of units(normalise(text))) {
      for (const sentence of sentences(unit)) {
        if (sentence.length <= MAX_STATEMENT_CHARS) {
          found.push(sentence);
          continue;
        }
        const chars = Array.from(sentence);
        for (let i = 0; i < chars.length; i += MAX_STATEMENT_CHARS) {
          found.push(chars.slice(i, i + MAX_STATEMENT_CHARS).join(""));
        }
      }
    }
    return found;
  }

  function tokens(text) {
    const found = [];
    const lowered = asciiLower(text);
    // An email or web address names no subject ("attendance.penalties@..." is not about penalties).
    const masked = lowered.replace(ADDRESS, (m) => " ".repeat(m.length));
    const at = codePointOffsets(lowered);
    for (const match of masked.matchAll(TOKEN)) {
      let word = match[0];
      const start = at(match.index), end = at(match.index + word.length);
      if (word.includes("'")) {
        const cut = word.indexOf("'");
        const head = word.slice(0, cut), tail = word.slice(cut + 1);
        if (tail === "t" && head.endsWith("n")) {
          // won't = will not, can't = can not, shan't = shall not
          const base = head.slice(0, -1) || head;
          found.push({ word: CONTRACTED.has(base) ? CONTRACTED.get(base) : base, start, end });
          found.push({ word: "not", start, end });
          continue;
        }
        if (tail === "ll" || tail === "d") {
          // we'll = we will; we'd = we would (in a policy, rarely "we had")
          found.push({ word: head, start, end });
          found.push({ word: tail === "ll" ? "will" : "would", start, end });
          continue;
        }
        word = ["s", "re", "ve", "m"].includes(tail) ? head : head + tail;
      } else if (/^[0-9]/.test(word)) {
        word = word.replace(/,/g, "");
      }
      found.push({ word, start, end });
    }
    return found;
  }

  /* ---- reading.py, figures.py, engine.py ---- */

  const NEGATE = new Map([
    ["must", "must-not"],
    ["should", "should-not"],
    ["may", "must-not"],
    ["will", "will-not"],
    ["expects", "need-not"],
  ]);
  // Python's \b: between a word character (Unicode letter, digit, underscore) and anything else.
  const W = "[\\p{L}\\p{N}_]";
  const B = "(?:(?<=" + W + ")(?!" + W + ")|(?<!" + W + ")(?=" + W + "))";
  // Names with Latin-1 letters too (José Núñez, Zoë Brontë)
  const UP = "A-Z\\u00c0-\\u00d6\\u00d8-\\u00de";
  const LOW = "a-z\\u00df-\\u00f6\\u00f8-\\u00ff";
  const ANY = "a-zA-Z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u00ff'-";
  const NAME = new RegExp(
    B + "(?:Mr|Mrs|Ms|Miss|Mx|Dr)\\.? (?:[" + UP + "]\\. )?[" + UP + "][" + ANY + "]+|" + B + "[" + UP + "][" + LOW + "]+ [" + UP + "][" + ANY + "]{2,}" + B,
    "u"
  );
  // A clock time: 8.45am, 9 am, 3:15 p.m., 08:40, 15.20
  const TIME = new RegExp(
    B + "(?:[01]?[0-9]|2[0-3])(?:[:.][0-5][0-9])?\\s?(?:am|pm|a\\.m\\.|p\\.m\\.)(?!" + W + ")|" +
      B + "(?:[01]?[0-9]|2[0-3])[:.][0-5][0-9]" + B,
    "iu"
  );
  const CONTACT = new RegExp(
    "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}|" + B + "0[0-9]{2,4}[ -]?[0-9]{3,4}[ -]?[0-9]{3,4}" + B,
    "u"
  );
  const SCOPE = [
    ["parents", ["parent", "carer", "family", "families"]],
    ["schools", ["school", "academy", "head", "headteacher", "teacher", "staff"]],
    ["local-authorities", ["council", "authority", "la"]],
    ["governors", ["governor", "trust", "trustee"]],
  ];
  const TOO_FOREIGN = 0.06;
  const KINDS = [
    ["la-code-of-conduct", ["code of conduct"]],
    ["la-protocol", ["protocol", "council", "local authority", "county", "borough"]],
    ["trust-procedure", ["trust"]],
  ];

  // The rules' lookup tables as Maps: a plain object would answer "constructor" from its prototype.
  function prepare(rules) {
    return {
      rules,
      forms: new Map(Object.entries(rules.forms)),
      numbers: new Map(Object.entries(rules.numbers)),
      ordinals: new Map(Object.entries(rules.ordinals)),
      fractions: new Map(Object.entries(rules.fractions)),
    };
  }

  function wordsOf(text, R) {
    return tokens(text).map((t) => (R.forms.has(t.word) ? R.forms.get(t.word) : t.word));
  }

  function buildIndex(rules) {
    const byFirst = new Map();
    const add = (category, name, phrases) => {
      for (const p of phrases) {
        if (!byFirst.has(p[0])) byFirst.set(p[0], []);
        byFirst.get(p[0]).push([p, category, name]);
      }
    };
    for (const unit of rules.units) add("unit", unit.id, unit.phrases);
    for (const force of rules.forces) add("force", force.force, force.phrases);
    add("negation", "not", rules.negations);
    add("refers", "back", rules.refers_back || []);
    for (const [name, phrases] of Object.entries(rules.qualifiers)) add("qualifier", name, phrases);
    for (const [name, phrases] of Object.entries(rules.shares)) add("share", name, phrases);
    for (const subject of rules.subjects) add("term", subject.id, subject.terms);
    for (const content of rules.contents) {
      content.cues.forEach((group, i) => add("cue", content.id + "#" + i, group));
    }
    for (const bucket of byFirst.values()) bucket.sort((a, b) => b[0].length - a[0].length); // stable
    return byFirst;
  }

  const BLOCKING = ["force", "unit", "negation"];

  // Where a phrase ends when it starts at word i, or null. GAP (a "..." in the lexicon) stands for up to
  // MAX_GAP words: the fewest that let the rest match (reading.py's phrase_end, the same).
  const GAP = "*";
  const MAX_GAP = 4;
  function phraseEnd(words, i, phrase) {
    if (!phrase.includes(GAP)) {
      const n = phrase.length;
      return i + n <= words.length && phrase.every((w, k) => words[i + k] === w) ? i + n : null;
    }
    const match = (j, k) => {
      if (k === phrase.length) return j;
      if (phrase[k] === GAP) {
        for (let skip = 0; skip <= MAX_GAP; skip++) {
          const end = match(j + skip, k + 1);
          if (end !== null) return end;
        }
        return null;
      }
      return j < words.length && words[j] === phrase[k] ? match(j + 1, k + 1) : null;
    };
    return match(i, 0);
  }

  function scan(words, index) {
    const hits = new Map();
    const covered = new Map();
    words.forEach((word, i) => {
      for (const [phrase, category, name] of index.get(word) || []) {
        const end = phraseEnd(words, i, phrase);
        if (end === null) continue;
        const blocking = BLOCKING.includes(category);
        if (blocking && (covered.has(category) ? covered.get(category) : -1) > i) continue;
        if (!hits.has(category)) hits.set(category, []);
        hits.get(category).push({ name, start: i, end });
        if (blocking) covered.set(category, Math.max(covered.has(category) ? covered.get(category) : -1, end));
      }
    });
    return hits;
  }

  const hitsOf = (hits, category) => hits.get(category) || [];

  function figure(words, i, R) {
    const word = words[i];
    // a figure of more than 15 characters is not a threshold (and would overflow to infinity)
    if (/^[0-9]+(?:\.[0-9]+)?$/.test(word)) return word.length <= 15 ? [Number(word), i + 1, false] : null;
    if (R.ordinals.has(word)) return [Number(R.ordinals.get(word)), i + 1, true];
    const numbers = R.numbers;
    if (!numbers.has(word)) return null;
    let total = 0, current = 0, j = i;
    while (
      j < words.length &&
      (numbers.has(words[j]) ||
        (words[j] === "and" &&
          j > i &&
          words[j - 1] === "hundred" &&
          j + 1 < words.length &&
          numbers.has(words[j + 1])))
    ) {
      const w = words[j];
      if (w === "and") {
        j += 1;
        continue;
      }
      const n = Number(numbers.get(w));
      if (n === 100) current = (current || 1) * 100;
      else current += n;
      j += 1;
    }
    total += current;
    return [total, j, false];
  }

  // "a third of sessions" (33.3), "nine tenths of" (90), "half or more": a fraction as a percentage
  function fraction(words, i, R) {
    if (!R.fractions.has(words[i]) || i + 1 >= words.length || !["of", "or"].includes(words[i + 1])) return null;
    const share = Number(R.fractions.get(words[i]));
    const before = i ? words[i - 1] : "";
    const multiplier = /^[0-9]+$/.test(before)
      ? Number(before)
      : R.numbers.has(before) ? Number(R.numbers.get(before)) : 1;
    if (words[i] === "half" && !R.numbers.has(before) && words[i + 1] === "or") return 50;
    return round6(multiplier * share);
  }

  // A school year is 190 days of two sessions: "misses 19 days a year" is 10% absence.
  const SCHOOL_YEAR_SESSIONS = 380;

  // Days or sessions counted over a school year, also as a share of it, so that "15 days or more in the
  // school year is persistent absence" meets the Code's 10%.
  function yearlyShares(found, words) {
    if (!words.includes("year")) return [];
    const shares = [];
    for (const q of found) {
      if (q.family === "time" && (q.unit === "days" || q.unit === "sessions") && !q.ordinal) {
        const share = round6(q.canonical / SCHOOL_YEAR_SESSIONS * 100);
        shares.push({ value: share, unit: "percent", family: "share", canonical: share, ordinal: false, start: q.start, end: q.end });
      }
    }
    return shares;
  }

  function quantity(value, unit, u, ordinal, start, end) {
    return { value, unit, family: u.family, canonical: value * u.size, ordinal, start, end };
  }

  const JOINERS = new Set(["and", "or", "of", "plus", "more", "less", "fewer"]);
  // Time units whose "one ... in ten" is a share of sessions rather than a count.
  const SHARE_UNITS = new Set(["sessions", "days"]);

  const CODE_LETTERS = new Set(["c", "j", "y"]);

  function quantities(words, hits, R) {
    const units = new Map(R.rules.units.map((u) => [u.id, u]));
    const unitAt = new Map(hitsOf(hits, "unit").map((h) => [h.start, h]));
    const fillers = new Set(R.rules.fillers);
    const found = [];
    // A decimal that opens a statement is its paragraph number ("11.3 Penalty notices are ..."), unless a
    // percentage ("92.5% attendance ...").
    let i = words.length && words[0].includes(".") && words[1] !== "%" ? 1 : 0;
    while (i < words.length) {
      if (words[i] === "£" && i + 1 < words.length) {
        const fig = figure(words, i + 1, R);
        if (fig) {
          const [value, next] = fig;
          found.push(quantity(value, "pounds", units.get("pounds"), false, i, next));
          i = next;
          continue;
        }
      }
      const share = fraction(words, i, R);
      if (share !== null) {
        found.push(quantity(share, "percent", units.get("percent"), false, Math.max(0, i - 1), i + 1));
        i += 1;
        continue;
      }
      const fig = figure(words, i, R);
      // the digit of a numbered attendance code (C2, J1, Y1), which the tokeniser splits, is no figure
      if (!fig || (i > 0 && CODE_LETTERS.has(words[i - 1]) && /^\d+$/.test(words[i]))) {
        i += 1;
        continue;
      }
      const [value, next, ordinal] = fig;
      let j = next;
      // An ordinal meets its unit directly ("third fine"), not across "and" ("support first, and fines").
      const skip = ordinal ? (w) => fillers.has(w) && !JOINERS.has(w) : (w) => fillers.has(w);
      while (j < words.length && j - next < 3 && !unitAt.has(j) && skip(words[j])) j += 1;
      let hit = unitAt.get(j);
      if (hit === undefined && unitAt.has(next)) hit = unitAt.get(next);
      if (hit !== undefined) {
        // "one session in ten", "one day in every ten": a share, not a count
        if (SHARE_UNITS.has(hit.name) && hit.end + 1 < words.length && words[hit.end] === "in") {
          const at = words[hit.end + 1] === "every" ? hit.end + 2 : hit.end + 1;
          const whole = at < words.length ? figure(words, at, R) : null;
          if (whole && whole[0]) {
            const share = round6((value / whole[0]) * 100);
            found.push(quantity(share, "percent", units.get("percent"), false, i, whole[1]));
            i = whole[1];
            continue;
          }
        }
        found.push(quantity(value, hit.name, units.get(hit.name), ordinal, i, hit.end));
        i = hit.end;
        continue;
      }
      i = next;
    }
    for (const h of hitsOf(hits, "unit")) {
      // "day six": a time unit followed by a figure
      if (units.get(h.name).family === "time" && h.end < words.length) {
        const fig = figure(words, h.end, R);
        if (fig && !found.some((q) => q.start <= h.start && h.start < q.end)) {
          const [value, next, ordinal] = fig;
          found.push(quantity(value, h.name, units.get(h.name), ordinal, h.start, next));
        }
      }
    }
    return found;
  }

  function distance(h, q) {
    return Math.min(Math.abs(h.start - q.end), Math.abs(q.start - h.end));
  }

  // A share word inside a subject's own name ("persistent absence") does not count; with no word left, a
  // figure over 50 is read as attendance ("Persistent absence; 90% or below").
  const NOT_NEGATING = ["prefer", "rather", "or"];
  const SHARE_REACH = 3;

  function shareSide(q, hits) {
    const terms = hitsOf(hits, "term");
    // A share word further than SHARE_REACH from a percentage belongs to another figure ("90% or below;
    // persistently absent (missing 10% or more)": "missing" is the 10%'s).
    const shares = hitsOf(hits, "share").filter(
      (h) => !terms.some((t) => t.start <= h.start && h.start < t.end) && distance(h, q) <= SHARE_REACH
    );
    if (!shares.length) return q.value > 50 ? "attendance" : "absence";
    let best = 10000, side = "absence";
    for (const h of shares) {
      const d = distance(h, q);
      if (d < best || (d === best && h.name === "absence")) {
        best = d;
        side = h.name;
      }
    }
    return side;
  }

  // Python's round(x, 6). toFixed rounds the exact value of x too, but a tie away from zero; an exact tie
  // at the seventh decimal means x * 128 is an odd integer, and then Python keeps the even sixth digit.
  function round6(x) {
    const a = Math.abs(x);
    let r = Number(a.toFixed(6));
    if (Number.isInteger(a * 128) && (a * 128) % 2 === 1) {
      const up = a.toFixed(6);
      if (Number(up[up.length - 1]) % 2 === 1) r = Number(a.toFixed(7).slice(0, -1));
    }
    return x < 0 ? -r : r;
  }

  function canonical(q, hits) {
    if (q.family === "share" && shareSide(q, hits) === "attendance") return round6(100 - q.canonical);
    return round6(q.canonical);
  }

  const BEFORE = ["no", "never", "neither", "nor", "under", "none", "nobody"];
  const TO_BE = ["is", "are", "be", "was", "were"];
  const DENIED = ["no", "never", "not", "nor", "nobody"];

  function negated(force, negations, words) {
    if (force.name === "need-not") return "need-not";
    const negate = () => (NEGATE.has(force.name) ? NEGATE.get(force.name) : force.name);
    // "may be agreed without a fixed end date": "without" after a modal qualifies the verb, not the modal
    const after = (n) => force.start <= n.start && n.start < force.end + 3;
    if (negations.some((n) => after(n) && !(n.start >= force.end && words[n.start] === "without"))) return negate();
    // "No member of staff will", "under no circumstances shall", "never ... will": these words negate a
    // modal up to four words after them; "cannot be settled, we may" does not negate "may"
    // ("None of his illness days would ...", "No one at St Aldhelm's will ever": a pronoun reaches further)
    const reach = (n) => (words[n.start] === "none" || words[n.start] === "nobody" || n.end - n.start > 1 ? 7 : 4);
    if (negations.some((n) => force.start - reach(n) <= n.start && n.start < force.start && BEFORE.includes(words[n.start]))) {
      return negate();
    }
    return force.name;
  }

  // Where a new clause begins: after a semicolon, or at "and" or "so" after a comma (reading.py's clause_starts).
  const CLAUSE_WORDS = ["and", "so"];
  function clauseStarts(text, toks, words) {
    const starts = [];
    for (let k = 1; k < toks.length; k++) {
      const between = slice(text, toks[k - 1].end, toks[k].start); // code-point offsets, as in Python
      if (between.includes(";") || (between.includes(",") && CLAUSE_WORDS.includes(words[k]))) starts.push(k);
    }
    return starts;
  }

  // The forces in the clauses that name the subject; all of them when those clauses state none.
  const clauseOf = (at, clauses) => clauses.filter((c) => c <= at).length;
  function inClauses(found, terms, clauses) {
    const named = new Set(terms.map((t) => clauseOf(t.start, clauses)));
    const mine = found.filter((f) => named.has(clauseOf(f.start, clauses)));
    return mine.length ? mine : found;
  }

  function forces(terms, hits, words, clauses) {
    const term = terms[0];
    // ", so it won't affect their percentage": a consequence told after the subject's own clause is not
    // what the statement says of the subject
    const named = new Set(terms.map((t) => clauseOf(t.start, clauses)));
    const after = new Set(clauses.filter((k) => words[k] === "so").map((k) => clauseOf(k, clauses)));
    const own = hitsOf(hits, "force").filter((f) => {
      const c = clauseOf(f.start, clauses);
      return (!after.has(c) || named.has(c)) && f.name !== "none"; // "cannot attend" states no modal
    });
    const found = inClauses(own, terms, clauses);
    // "you'd prefer not to face a fine", "whether or not": the "not" negates another verb, not the modal
    const negations = hitsOf(hits, "negation").filter((n) => !(n.start && NOT_NEGATING.includes(words[n.start - 1])));
    // "We never send a student home": the term itself is denied; a modal after it belongs to another
    // clause ("did not request leave in advance, the school may still authorise") and still counts,
    // unless "or" joins it to the denied verb ("never send them home or ask parents to collect them"),
    // or it says what is done "instead"
    if (negations.some((n) => term.start - 3 <= n.start && n.start < term.start && DENIED.includes(words[n.start]))) {
      const later = found
        .filter((f) => f.start >= term.end && !words.slice(Math.max(f.start - 3, 0), f.start).includes("instead"))
        .map((f) =>
          words.slice(Math.max(f.start - 2, 0), f.start).includes("or")
            ? NEGATE.get(f.name) || f.name
            : negated(f, negations, words)
        );
      return ["will-not", [...new Set(["will-not", ...later])]];
    }
    if (!found.length) {
      // with no modal, a "never" just after the term denies it too: "A penalty notice is never requested",
      // and so does a "not" after its verb: "Penalty notices are not issued for ..."
      const neg =
        negations.some((n) => term.start - 3 <= n.start && n.start < term.start) ||
        negations.some(
          (n) =>
            term.end <= n.start &&
            n.start < term.end + 3 &&
            (words[n.start] === "never" || (TO_BE.includes(words[n.start - 1]) && words[n.start] === "not")),
        );
      return neg ? ["will-not", ["will-not"]] : ["none", ["none"]];
    }
    const before = found.filter((f) => f.start < term.start);
    const chosen = before.length ? before[before.length - 1] : found.find((f) => f.start >= term.start);
    return [negated(chosen, negations, words), [...new Set(found.map((f) => negated(f, negations, words)))]];
  }

  // The forces a lead-in states ("Schools will:", "Schools are expected to:"), which the items after it
  // take when they state none ("obtain medical evidence for any pupil ..."). Only a lead-in whose modal
  // ends it, so that the items complete what it says: in "The following shall not count towards the
  // threshold:" the "not" is about counting, not about what the items say.
  const LEAD_TAIL = 2; // words a lead-in may hold after its modal: "Schools must ensure that:"
  function leadForces(text, reading) {
    const words = reading.words;
    const found = hitsOf(reading.hits, "force");
    if (!stripWith(text, isSpace, false).endsWith(":") || !found.length) return [];
    // a "not" just after the modal is part of it: "A part-time timetable must not be used:"
    const end = found[found.length - 1].end;
    const tail = LEAD_TAIL + (words[end] === "not" || words[end] === "never" ? 1 : 0);
    if (end < words.length - tail) return [];
    const negations = hitsOf(reading.hits, "negation").filter((n) => !(n.start && NOT_NEGATING.includes(words[n.start - 1])));
    return [...new Set(found.map((f) => negated(f, negations, words)))];
  }

  // Whether a statement goes on from the one before: it opens in lower case ("obtain ...", "(b) refer
  // ..."), as the items of a lead-in do.
  const continues = (text) => /^[^A-Za-z]*[a-z]/.test(text);

  function scope(words) {
    return SCOPE.filter(([, cues]) => words.some((w) => cues.includes(w))).map(([name]) => name);
  }

  function holds(when, stated, qualifiers, values, figures) {
    if (when.force.length && !when.force.some((f) => stated.includes(f))) return false;
    if (when.figures.length && !when.figures.some((f) => figures.has(f))) return false;
    if (!when.all_figures.every((f) => figures.has(f)) || when.no_figures.some((f) => figures.has(f))) return false;
    if (when.any.length && !when.any.some((q) => qualifiers.has(q))) return false;
    if (!when.all.every((q) => qualifiers.has(q)) || when.none.some((q) => qualifiers.has(q))) return false;
    // figures below every Code figure also count as differing
    if (when.values === "differ") return values === "differ" || values === "under";
    return !when.values || when.values === values;
  }

  const sameQuantity = (a, b) => Object.keys(a).every((k) => a[k] === b[k]); // a dataclass's ==

  // A term in the figure's own clause is nearer than any other (figures.py's assign).
  function assign(found, hits, rules, clauses) {
    const comparing = new Map(rules.subjects.map((s) => [s.id, new Set(s.compare)]));
    const terms = hitsOf(hits, "term").filter((h) => comparing.has(h.name) && comparing.get(h.name).size);
    const assigned = new Map();
    const far = (h, q) => (clauseOf(h.start, clauses) !== clauseOf(q.start, clauses) ? 1e9 : 0) + distance(h, q);
    for (const q of found) {
      const candidates = terms.filter((h) => comparing.get(h.name).has(q.family));
      if (!candidates.length) continue;
      // min(): the first of the nearest, the earlier term on a tie
      const nearest = candidates.reduce((best, h) => {
        const d = far(h, q), e = far(best, q);
        return d < e || (d === e && h.start < best.start) ? h : best;
      });
      const d = far(nearest, q);
      for (const h of candidates) {
        if (far(h, q) === d) {
          if (!assigned.has(h.name)) assigned.set(h.name, []);
          const bucket = assigned.get(h.name);
          if (!bucket.some((b) => sameQuantity(b, q))) bucket.push(q);
        }
      }
    }
    return assigned;
  }

  // Two percentages written as one band: "90% to 94.9%", "between 90% and 95%", "90%-94.9%".
  function bands(compared, words) {
    const shares = compared.filter((q) => q.family === "share").sort((a, b) => a.start - b.start);
    const found = [];
    for (let k = 0; k + 1 < shares.length; k++) {
      const a = shares[k], b = shares[k + 1];
      const gap = words.slice(a.end, b.start);
      const joined = gap.length === 0 || (gap.length === 1 && (gap[0] === "to" || gap[0] === "and"));
      if (joined && !(found.length && found[found.length - 1][1] === a)) found.push([a, b]);
    }
    return found;
  }

  function compare(subject, found, hits, words) {
    let compared = found.filter((q) => subject.compare.includes(q.family) && (subject.ordinals || !q.ordinal));
    if (!compared.length) return [null, [], new Set()];
    const figures = new Set(compared.map((q) => canonical(q, hits)));
    const thresholds = subject.code_values.filter((v) => v.family === "share").map((v) => v.value);
    const banded = thresholds.length ? bands(compared, words) : [];
    if (banded.length) {
      // A band named by the subject must lie wholly on the Code's side of its threshold: "90% to 94.9%"
      // attendance (5.1% to 10% absence) called persistent absence takes in pupils who are not.
      const low = Math.min(...thresholds);
      const straddling = [];
      for (const [a, b] of banded) {
        if (Math.min(canonical(a, hits), canonical(b, hits)) < low) straddling.push(a, b);
      }
      if (straddling.length) return ["band", straddling, figures];
      const inBands = banded.flat();
      compared = compared.filter((q) => !inBands.includes(q));
      if (!compared.length) return ["match", inBands, figures];
    }
    const allowed = new Map();
    for (const v of subject.code_values) {
      if (!allowed.has(v.family)) allowed.set(v.family, new Set());
      allowed.get(v.family).add(v.value);
    }
    const isAllowed = (q) => allowed.has(q.family) && allowed.get(q.family).has(canonical(q, hits));
    const differing = compared.filter((q) => !isAllowed(q));
    const lowest = new Map();
    for (const v of subject.code_values) {
      if (!lowest.has(v.family) || v.value < lowest.get(v.family)) lowest.set(v.family, v.value);
    }
    if (compared.every((q) => lowest.has(q.family) && canonical(q, hits) < lowest.get(q.family))) {
      return ["under", compared, figures];
    }
    return [differing.length ? "differ" : "match", differing.length ? differing : compared, figures];
  }

  function span(toks, start, end) {
    return { start: toks[start].start, end: toks[end - 1].end };
  }

  function quote(text, toks, start, end) {
    return slice(text, toks[start].start, toks[end - 1].end);
  }

  const PRONOUNS = ["it", "this", "these", "they", "such", "that"];
  // A question in an FAQ, written without its question mark ("Q: Someone suggested we home educate.")
  const QUESTION = /^\s*(?:q|question)\s*\d*\s*[:.)]\s/i;
  // What may come before a statement's first word: its paragraph number ("10.2 It may ...") or list
  // marker ("(b) They ...", "iv. This ...").
  const MARKER = /^(?:\d+(?:\.\d+)*[a-z]?|[a-z]|[ivx]{1,4})$/;

  // The heading's subjects that a phrase pointing back names by their head word: under "Part-time
  // timetables", "The timetable remains in place for as long as ..." is about every part-time subject.
  function namedAgainOf(reading, section, heads, common) {
    const said = new Set(
      hitsOf(reading.hits, "refers").flatMap((h) => reading.words.slice(h.start, h.end)).filter((w) => !common.has(w))
    );
    return section.filter((s) => [...(heads.get(s) || [])].some((w) => said.has(w)));
  }

  // Whether the clause holding word `at` opens, after any list marker, with a verb that instructs:
  // "Celebrate good attendance; Provide a doctor's note for any illness absence of more than two days".
  function instructs(toks, at, clauses, rules) {
    const start = [0, ...clauses][clauseOf(at, clauses)];
    const first = toks.slice(start, start + 3).find((t) => !MARKER.test(t.word));
    return Boolean(first) && (rules.imperatives || []).includes(first.word);
  }

  // Whether a statement is about what the one before it was about: it opens (after any paragraph
  // number) with a pronoun, or it names no subject and holds a phrase pointing back.
  function pointsBack(reading) {
    const first = reading.words.slice(0, 3).find((w) => !MARKER.test(w)) || "";
    const hits = reading.hits;
    return PRONOUNS.includes(first) || (hitsOf(hits, "refers").length > 0 && !hitsOf(hits, "term").length);
  }

  // Whether a statement reads as a heading: a few words, no modal verb, no sentence end ("Holidays in
  // term time", "5. Part-time timetables"). What follows it, up to the next heading, is about its subjects
  // even where a sentence does not name them ("We keep it going until your child is settled").
  const HEADING_WORDS = 8;
  // A heading may hold a force word ("Encouraging good attendance") but not a modal verb ("Must be agreed").
  const MODALS = ["must", "shall", "should", "may", "can", "cannot", "will", "would", "could", "might", "need"];
  const HEADING_ENDS = [".", "!", "?", ";", ":", ","];
  function isHeading(text, reading) {
    const trimmed = stripWith(text, isSpace, false);
    return (
      reading.words.length <= HEADING_WORDS &&
      !hitsOf(reading.hits, "force").some((f) => MODALS.includes(reading.words[f.start])) &&
      !HEADING_ENDS.some((end) => trimmed.endsWith(end))
    );
  }

  // The subjects whose terms a statement uses (what a following "It ..." or "This ..." refers to).
  // One statement read once: its tokens, their word forms and every phrase of the rules found in them.
  function readStatement(text, R, index) {
    const toks = tokens(text);
    const words = toks.map((t) => (R.forms.has(t.word) ? R.forms.get(t.word) : t.word));
    return { tokens: toks, words, hits: scan(words, index), clauses: clauseStarts(text, toks, words) };
  }
  // The subjects whose terms it uses (what a following "It ..." or "This ..." refers to).
  const subjectsOf = (reading) => [...new Set(hitsOf(reading.hits, "term").map((h) => h.name))];

  // A question claims nothing; a statement that opens with a pronoun is about the previous one's subjects.
  function judgeStatement(text, indexNo, R, reading, carried, headed, lead, item, titled) {
    if (stripWith(text, isSpace, false).endsWith("?") || QUESTION.test(text)) return [];
    const rules = R.rules;
    const toks = reading.tokens, words = reading.words;
    const hits = new Map(reading.hits); // the carried terms added below belong to this judgement
    const qualifierHits = hitsOf(hits, "qualifier");
    const present = new Set(qualifierHits.map((h) => h.name));
    const foundQuantities = quantities(words, hits, R);
    foundQuantities.push(...yearlyShares(foundQuantities, words));
    // A heading or a label ("Incidents, suspensions and going home") claims nothing, except by the words it
    // uses: "L3 - Fixed Penalty Notice warning" still calls the notice by a name the guidance has replaced.
    const label = !hitsOf(hits, "force").length && !foundQuantities.length && words.length <= 6 && !text.includes(";");
    if (label && rules.subjects.every((s) => s.carried !== false)) return [];
    let owners = hits; // whose terms the figures go to
    // A phrase pointing back carries the subjects only into a statement that names none of its own.
    // So is an item of a list under a lead-in, even when it names a subject of its own.
    if (carried && carried.length && words.length && (pointsBack(reading) || !hitsOf(hits, "term").length || item)) {
      // A pronoun beside a subject of its own does not take that subject's figures; a statement with no
      // subject of its own ("5.1 A request will be accepted where a pupil has 10 sessions ...") gives its
      // figures to what it carries on, and a figure the subject compares is then a cue too.
      const own = hitsOf(hits, "term").length > 0;
      // A figure alone does not tie a statement to its heading's subject: the rows of a table under
      // "Severe absence" ("Attendance at or below 90%: meeting with the Head of Year") are other bands.
      const families = new Set(own || headed ? [] : foundQuantities.map((q) => q.family));
      const loose = new Set(headed ? rules.loose || [] : []);
      const named = new Set(hitsOf(hits, "term").map((h) => h.name));
      // A subject carried over must meet one of the qualifiers its rules look for in this statement
      // ("Otherwise, please call the office" says nothing more about medical evidence).
      const cues = (s) => s.with.concat(...s.rules.map((r) => r.when.any.concat(r.when.all)));
      for (const s of rules.subjects) {
        const cued = cues(s).some((q) => present.has(q) && !loose.has(q)) || s.compare.some((f) => families.has(f));
        if (s.carried === false || !cued) named.add(s.id);
      }
      const added = carried.filter((name) => !named.has(name)).map((name) => ({ name, start: 0, end: 1 }));
      hits.set("term", hitsOf(hits, "term").concat(added));
      if (own) owners = reading.hits;
    }
    const assigned = assign(foundQuantities, owners, rules, reading.clauses);
    const findings = [];
    for (const subject of rules.subjects) {
      const terms = hitsOf(hits, "term").filter((h) => h.name === subject.id);
      if (!terms.length || (label && subject.carried !== false)) continue;
      if (
        (subject.with.length && !subject.with.some((q) => present.has(q))) ||
        subject.without.some((q) => present.has(q))
      ) {
        continue;
      }
      let [force, stated] = forces(terms, hits, words, reading.clauses);
      if (lead && lead.length && stated.length === 1 && stated[0] === "none") [force, stated] = [lead[0], lead];
      if (stated.length === 1 && stated[0] === "none" && instructs(toks, terms[0].start, reading.clauses, rules)) {
        [force, stated] = ["must", ["must"]];
      }
      const [values, shown, figures] = compare(subject, assigned.get(subject.id) || [], hits, words);
      const withTitle = new Set([...present, ...(titled || [])]);
      const rule = subject.rules.find((r) => holds(r.when, stated, withTitle, values, figures));
      if (rule === undefined) continue;
      const used = new Set(rule.when.any.concat(rule.when.all));
      const claim = {
        subject: subject.id,
        force,
        forces: stated,
        values: shown.map((q) => ({
          value: q.value,
          unit: q.unit,
          text: quote(text, toks, q.start, q.end),
          span: span(toks, q.start, q.end),
        })),
        qualifiers: [...withTitle].sort(byCodePoint),
        scope: scope(words),
        span: span(toks, terms[0].start, terms[0].end),
      };
      // A subject carried over from the statement before has no words of its own here: its clashing words
      // are the qualifiers and figures that decided (not the statement's first word, where it is placed).
      const ownTerms = hitsOf(reading.hits, "term").filter((h) => h.name === subject.id);
      let evidence = ownTerms.length ? [quote(text, toks, ownTerms[0].start, ownTerms[0].end)] : [];
      const usedHits = qualifierHits.filter((h) => used.has(h.name));
      evidence = evidence.concat(usedHits.map((h) => quote(text, toks, h.start, h.end)));
      evidence = evidence.concat(claim.values.map((v) => v.text));
      if (!ownTerms.length) {
        // the words the subject needs in a statement ("unauthorised") show what was read
        const needed = qualifierHits.filter((h) => subject.with.includes(h.name));
        evidence = evidence.concat(needed.map((h) => quote(text, toks, h.start, h.end)));
      }
      if (!evidence.length) evidence = [quote(text, toks, terms[0].start, terms[0].end)];
      const conflict = rule.verdict === "conflict";
      const withSays = subject.rules.find((r) => r.says);
      const says = rule.says || (withSays ? withSays.says : null);
      findings.push({
        id: subject.id + "@" + indexNo,
        type: conflict ? "conflict" : "agreement",
        kind: rule.kind,
        seriousness: conflict ? rule.seriousness : null,
        subject: subject.id,
        subject_label: subject.label,
        statement: { index: indexNo, text },
        words: [...new Set(evidence)],
        says,
        family: subject.family,
        code: subject.code,
        claim,
      });
    }
    return findings;
  }

  // Python's sorted() on strings: by code point (JavaScript's sort() compares UTF-16 units).
  function byCodePoint(a, b) {
    for (let i = 0; i < a.length && i < b.length; ) {
      const x = a.codePointAt(i), y = b.codePointAt(i);
      if (x !== y) return x - y;
      i += x > 0xffff ? 2 : 1;
    }
    return a.length - b.length;
  }

  // Capitalised words that make a role, not a person's name ("Senior Attendance Champion", "Deputy Head")
  const ROLE_WORDS = new Set(
    ("senior attendance champion deputy head headteacher teacher assistant principal officer lead leader school " +
      "trust academy council team year local authority education welfare service support our the your contact " +
      "designated safeguarding pastoral family office manager director chair governor governors board").split(" ")
  );
  const TITLES = ["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"];

  const MORE_NAME = new RegExp("(?: [" + UP + "][" + ANY + "]+)+", "uy");

  // The words of the people text names (a title and surname, or two capitalised words that are not a
  // role), without their titles: "Mrs Priya Ransome" gives {"Priya", "Ransome"}.
  function namesIn(text) {
    const found = new Set();
    const names = new RegExp(NAME.source, "gu");
    for (const match of text.matchAll(names)) {
      const words = match[0].replace(/\./g, " ").split(/ +/).filter((w) => w);
      if (TITLES.includes(words[0]) || !words.some((w) => ROLE_WORDS.has(w.toLowerCase()))) {
        MORE_NAME.lastIndex = match.index + match[0].length; // "Mr Olu" goes on to "Bankole"
        const rest = MORE_NAME.exec(text);
        for (const w of words.concat(rest ? rest[0].split(" ").filter((x) => x) : [])) {
          if (!TITLES.includes(w)) found.add(w);
        }
      }
    }
    return found;
  }

  const cuesOf = (reading) => new Set(hitsOf(reading.hits, "cue").map((h) => h.name));

  // A new entry of a glossary or a table ("Severe absence: attendance at or below 50%"): what it says is
  // about its own label, not about the statement before it.
  const ENTRY = /^\W*(?:[^\s:;.]+\s+){0,3}[^\s:;.]+\s*[:;]/u;

  // The statement that shows a content, or null: its first cue group in that statement and not denied
  // there, the other groups in it or in the `after` statements after the last of a run naming it.
  // Whether the statement holds a qualifier that stops it showing the content (a cross-reference)
  const ruledOut = (reading, content) =>
    hitsOf(reading.hits, "qualifier").some((h) => (content.unless || []).includes(h.name));

  function hasContents(statements, readings, headings, content) {
    const cid = content.id;
    let above = null; // the heading the statement is under: "My child's poorly - what do I do?" over "Please ring"
    for (let i = 0; i < readings.length; i++) {
      if (headings[i] || QUESTION_TOPIC.test(statements[i])) above = i;
      if (!affirmed(readings[i], cid + "#0") || ruledOut(readings[i], content)) continue;
      const window = contentWindow(statements, readings, headings, i, cid, content.after).filter(
        (j) => !ruledOut(readings[j], content)
      );
      if (above !== null && above !== i) window.push(above);
      const first = cuePlaces(readings, [i], cid + "#0");
      // one word is not both cues ("Rewards" as a heading names an incentive, not what it rewards)
      if (!content.cues.every((_, g) => g === 0 || apart(first, cuePlaces(readings, window, cid + "#" + g)))) continue;
      if (needsMet(statements, i, content.needs)) return i;
    }
    return null;
  }

  const cuePlaces = (readings, window, cue) =>
    new Set(window.flatMap((j) => hitsOf(readings[j].hits, "cue").filter((h) => h.name === cue).map((h) => j + ":" + h.start)));
  const apart = (first, other) => other.size > 0 && new Set([...first, ...other]).size > 1;

  // A short question that heads what follows, as in a parents' FAQ
  const QUESTION_TOPIC = /^(?:\S+\s+){0,11}\S+\?\s*$/u;

  const BACK = new Set(["either", "both", "these", "those", "such", "them", "they"]);

  function contentWindow(statements, readings, headings, first, cid, after) {
    const window = [first];
    let budget = after;
    let linked = false; // whether the statement before pointed back to what the run named
    for (let j = first + 1; j < readings.length; j++) {
      if (budget === 0 || headings[j] || ENTRY.test(statements[j])) break;
      const named = cuesOf(readings[j]).has(cid + "#0");
      // a sentence after the run counts only if it, or the one before it, is about what the run named
      const pointing = !named && readings[j].words.some((w) => BACK.has(w));
      if (named || pointing || linked) window.push(j);
      linked = pointing;
      budget = named ? after : budget - 1;
    }
    return window;
  }

  // Whether the statement holds the cue with no denying word in the six words before it.
  function affirmed(reading, cue) {
    const denials = hitsOf(reading.hits, "negation")
      .filter((n) => DENIED.includes(reading.words[n.start]))
      .map((n) => n.start);
    return hitsOf(reading.hits, "cue").some((h) => h.name === cue && !denials.some((n) => h.start - 6 <= n && n < h.start));
  }

  // What a content needs near statement i: in it and the two after it; a person's name in it, and their
  // contact details before another person is named.
  function needsMet(statements, i, needs) {
    let nearby = statements.slice(i, i + 3).join(" ");
    if (needs.includes("name")) {
      const person = namesIn(statements[i]);
      if (!person.size) return false;
      const parts = [statements[i]];
      for (const following of statements.slice(i + 1, i + 3)) {
        const others = namesIn(following);
        if (others.size && ![...others].some((w) => person.has(w))) break;
        parts.push(following);
      }
      nearby = parts.join(" ");
    }
    if (needs.includes("contact") && !CONTACT.test(nearby)) return false;
    return !needs.includes("time") || TIME.test(nearby);
  }

  function englishShare(statements, rules) {
    const R = prepare(rules);
    const all = statements.map((s) => wordsOf(s, R));
    const english = new Set(rules.english);
    const total = all.reduce((n, ws) => n + ws.length, 0);
    return total ? all.reduce((n, ws) => n + ws.filter((w) => english.has(w)).length, 0) / total : 0;
  }

  // Words that name what a document is ("Attendance Policy", "Penalty Notice Protocol").
  const DOCUMENT_WORDS = ["policy", "procedure", "protocol", "code of conduct", "framework"];
  const SCHOOL_WORDS = ["school", "academy", "college", "primary", "infant", "junior", "nursery"];

  function detectKind(statements) {
    // "Dear ..." after addresses and a date is a letter; after a title naming a policy it is the policy's
    // foreword ("Attendance Policy 2025-26 / A word from Mrs Penhallow / Dear families, ...").
    const dear = statements.slice(0, 8).findIndex((s) => s.toLowerCase().startsWith("dear "));
    const titled = dear >= 0 && statements.slice(0, Math.min(dear, 4))
      .some((s) => DOCUMENT_WORDS.some((word) => s.toLowerCase().includes(word)));
    if (dear >= 0 && !titled) return "school-letter";
    // The line that names the document decides first: "St Mary's High School / Attendance Policy / part of
    // the St Luke's Trust / Approved by: Local Academy Council" is a school's policy, whoever approved it.
    for (const line of statements.slice(0, 4).map((s) => s.toLowerCase())) {
      if (DOCUMENT_WORDS.some((word) => line.includes(word))) {
        const owner = KINDS.find(([, cues]) => cues.some((c) => line.includes(c)));
        if (owner || line.includes("policy")) return owner ? owner[0] : "school-policy";
      }
    }
    // Else a title that names a school and no council or trust ("Oakfield Primary School") is the school's.
    const title = statements.length ? statements[0].toLowerCase() : "";
    const ownedElsewhere = KINDS.some(([, cues]) => cues.some((c) => title.includes(c)));
    if (SCHOOL_WORDS.some((w) => title.includes(w)) && !ownedElsewhere) return "school-policy";
    const head = statements.slice(0, 3).join(" ").toLowerCase();
    const found = KINDS.find(([, cues]) => cues.some((c) => head.includes(c)));
    return found ? found[0] : "school-policy";
  }

  // A statement that gives examples of the one before ("This includes ...", "These include:")
  const EXAMPLES = /^\W*(?:this|these|that|examples|such examples)(?: of this)?(?: would| will| can| may)? (?:includes?|covers?)\b/iu;
  const TITLE = 2; // a document's title: its first two statements
  const ANTECEDENT_REACH = 2; // how many statements back "The timetable will remain ..." may find what it is
  // Words that call what they introduce wrong ("... is unlawful. This includes:", "warning signs of off-rolling:")
  const CONDEMNS = /\b(?:unlawful|illegal|warning signs?|poor practice|bad practice|unacceptable|not acceptable|red flags?)\b/iu;
  const agreeing = (f) => (f.type !== "conflict" ? f : { ...f, type: "agreement", kind: null, seriousness: null });

  function checkDocument(statements, rules, kind) {
    const R = prepare(rules);
    const index = buildIndex(rules);
    const readings = statements.map((s) => readStatement(s, R, index));
    const headings = statements.map((s, i) => isHeading(s, readings[i]));
    const kindFound = kind || detectKind(statements);
    const findings = [];
    let previous = [];
    let about = []; // what the statement before was about: its own subjects, or those it carried on
    let section = []; // what the heading above is about
    let lead = []; // the forces of the lead-in ("Schools will:") whose items these are
    let leadAbout = []; // the subjects of that lead-in
    let listing = false; // whether the statements are the items of a lead-in's list
    // the qualifiers a document's title (its first two statements) holds for all of it
    const fromTitle = new Set(rules.from_title || []);
    const titled = new Set(
      readings.slice(0, TITLE).flatMap((r) => hitsOf(r.hits, "qualifier").map((h) => h.name)).filter((n) => fromTitle.has(n))
    );
    const titles = readings.slice(0, TITLE).flatMap((r) => subjectsOf(r)); // what the document's title is about
    let instances = new Set(); // what the statement before "This includes ..." agreed with the Code on
    let condemned = false; // whether these are examples of what the text calls unlawful or a warning sign
    let recent = []; // the subjects of the last statement under this heading that named any
    let recentAt = -ANTECEDENT_REACH - 1; // and where it was
    // subjects judged on the statement's own outcome words ("recorded as unauthorised"): told again, it is
    // the statement's own claim, not the one before retold
    const restated = new Set(rules.subjects.filter((s) => s.with.length).map((s) => s.id));
    const narrows = new Map(rules.subjects.map((s) => [s.id, s.narrows || []]));
    const looseSet = new Set(rules.loose || []);
    const clashCues = new Map(
      rules.subjects.map((s) => [
        s.id,
        new Set(s.rules.filter((r) => r.verdict === "conflict").flatMap((r) => [...r.when.any, ...r.when.all])),
      ])
    );
    // "timetable" of "part-time timetable": the word a phrase pointing back may name a subject by again
    const heads = new Map(rules.subjects.map((s) => [s.id, new Set(s.terms.map((t) => t[t.length - 1]))]));
    const common = new Set(rules.english); // words too common to name a subject again ("if the note is not")
    statements.forEach((statement, i) => {
      const agreed = new Set(previous.filter((f) => f.type === "agreement").map((f) => f.subject));
      if (EXAMPLES.test(statement)) {
        instances = agreed;
        condemned = i > 0 && CONDEMNS.test(statements[i - 1]);
      } else if (!(listing && continues(statement))) {
        instances = new Set();
        condemned = false;
      }
      if (headings[i]) {
        section = subjectsOf(readings[i]);
        recent = [];
      }
      // A subject the statement before already flagged is the same clash told on: not a second card.
      const flagged = new Set(previous.filter((f) => f.type === "conflict").map((f) => f.subject));
      // a statement that tells a clash again with a word of its own that decides it makes the claim itself
      const before = new Set(i ? hitsOf(readings[i - 1].hits, "qualifier").map((h) => h.name) : []);
      const news = new Set(
        hitsOf(readings[i].hits, "qualifier").map((h) => h.name).filter((q) => !looseSet.has(q) && !before.has(q))
      );
      const retold = new Set([...clashCues].filter(([, cues]) => [...cues].some((q) => news.has(q))).map(([id]) => id));
      // A phrase pointing back to a statement about nothing points back to what the heading is about or,
      // under a heading about nothing, to the last statement that named a subject, two at most before it.
      const back = pointsBack(readings[i]);
      const near = back && hitsOf(readings[i].hits, "refers").length > 0 && i - recentAt <= ANTECEDENT_REACH;
      const antecedent = about.length ? about : section.length || !near ? [] : recent;
      const headed = !back || !antecedent.length;
      const item = listing && continues(statement);
      // "the timetable" names again the heading's part-time subjects or, under a heading about nothing, the title's
      const again = back ? namedAgainOf(readings[i], section.length ? section : titles, heads, common) : [];
      const carried = [...new Set([...(item ? leadAbout : []), ...(headed ? section : antecedent), ...again])].filter(
        (s) => !flagged.has(s) || restated.has(s) || retold.has(s),
      );
      previous = judgeStatement(
        statement, i, R, readings[i], carried, headed, continues(statement) ? lead : [], item, titled
      );
      // the examples of what agrees with the Code ("This includes asking parents to collect ...") agree with it too
      previous = previous.map((f) => (condemned || instances.has(f.subject) ? agreeing(f) : f));
      // a narrower subject's conflict tells the clash better than its wider one's (mental health, not illness)
      const wider = new Set(
        previous.filter((f) => f.type === "conflict").flatMap((f) => narrows.get(f.subject) || [])
      );
      previous = previous.filter((f) => !(f.type === "conflict" && wider.has(f.subject)));
      // a heading with no modal names a topic ("Part G: Sent home during the day")
      if (headings[i]) {
        previous = previous.filter((f) => !(f.kind === "conflicting-force" && f.claim.force === "none"));
      }
      const leadIn = stripWith(statement, isSpace, false).endsWith(":");
      if (leadIn || headings[i]) {
        lead = leadForces(statement, readings[i]);
        leadAbout = leadIn ? subjectsOf(readings[i]) : [];
      }
      listing = leadIn || (listing && continues(statement));
      if (leadIn && CONDEMNS.test(statement)) condemned = true; // "The following are warning signs of off-rolling:"
      findings.push(...previous);
      // "It will be agreed in writing ... It may also be used ...": a chain of pronouns stays on the
      // subject the chain started with.
      const own = subjectsOf(readings[i]);
      about = own.length ? own : back ? carried : [];
      if (own.length) {
        recent = own;
        recentAt = i;
      }
    });
    const missing = [];
    const present = [];
    if (kindFound === "school-policy") {
      for (const content of rules.contents) {
        const where = hasContents(statements, readings, headings, content);
        const entry = { id: content.id, label: content.label, code: content.code };
        if (where === null) missing.push(entry);
        else present.push({ ...entry, statement: where });
      }
    }
    const conflicts = findings.filter((f) => f.type === "conflict");
    return {
      kind: kindFound,
      kind_given: kind !== undefined && kind !== null,
      statements: statements.length,
      summary: {
        conflicts: conflicts.length,
        serious: conflicts.filter((f) => f.seriousness === "serious").length,
        agreements: findings.length - conflicts.length,
        missing: missing.length,
      },
      findings,
      missing,
      present,
    };
  }

  window.AttendanceChecker = Object.freeze({
    normalise,
    statements,
    tokens,
    checkDocument,
    englishShare,
    TOO_FOREIGN,
    MAX_CHARS,
    MAX_STATEMENTS,
  });
})();
