/* The offline check-in page (/journal.html). Everything saved here goes into the encrypted
 * outbox (outbox.js) with the device's own id, and is sent when the connection is back.
 * PHQ-9 question 9 answered 1 or more shows crisis help at once and is saved straight away,
 * so the care team's alert is raised as soon as the phone is online.
 */
(function () {
  "use strict";
  var outbox = window.SteadyOutbox;
  var defs = JSON.parse(document.getElementById("journal-instruments").textContent);
  var $ = function (selector) { return document.querySelector(selector); };
  var LANGS = ["en", "es"];
  var flow = null;  // { id, instrument, answers, index }

  function both(texts) {
    var out = document.createDocumentFragment();
    LANGS.forEach(function (lang) {
      var span = document.createElement("span");
      span.className = "i18n"; span.lang = lang; span.textContent = texts[lang];
      out.appendChild(span);
    });
    return out;
  }
  function template(key) {
    return $('[data-template="' + key + '"]').cloneNode(true).childNodes;
  }
  function fill(el, nodes) {
    el.textContent = "";
    Array.prototype.slice.call(nodes).forEach(function (n) { el.appendChild(n.cloneNode(true)); });
  }
  var status = "";  // what the status line says now (a catalog key)
  function say(selector, key, tone) {
    var el = $(selector);
    if (selector === "[data-journal-status]") status = key;
    fill(el, key ? template(key) : []);
    el.className = key ? "message message-" + tone : "message";
  }
  function nowIso() { return new Date().toISOString(); }

  function refreshWaiting() {
    $("[data-journal-no-person]").hidden = !!outbox.tag();
    if (!outbox.tag()) return;
    outbox.list().then(function (entries) {
      var list = $("[data-journal-waiting]");
      list.textContent = "";
      entries.sort(function (a, b) { return a.recorded_at < b.recorded_at ? -1 : 1; });
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        item.className = "list-row";
        var when = document.createElement("strong");
        when.textContent = new Date(entry.recorded_at).toLocaleString();
        item.appendChild(when);
        var kind = document.createElement("p");
        fill(kind, template(entry.kind === "check_in" ? "journal.kind_check_in" : "journal.kind_questionnaire"));
        item.appendChild(kind);
        list.appendChild(item);
      });
      $("[data-journal-none]").hidden = entries.length > 0;
      if (!entries.length && status === "journal.saved") say("[data-journal-status]", "", "");
    }).catch(function () { /* storage unavailable: nothing to list */ });
  }
  function store(entry) {
    return outbox.add(entry).then(function () {
      say("[data-journal-status]", "journal.saved", "info");
      refreshWaiting();
      return outbox.flush().then(function (sent) {
        if (sent) refreshWaiting();  // the steady:outbox event says how many went
      });
    });
  }

  // The daily check-in.
  $("[data-journal-check-in]").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var value = function (name) { var c = form.querySelector('input[name="' + name + '"]:checked'); return c ? c.value : null; };
    if (!value("mood")) return say("[data-journal-problem]", "check_in.mood_missing", "error");
    if (!value("anxiety")) return say("[data-journal-problem]", "check_in.anxiety_missing", "error");
    say("[data-journal-problem]", "", "");
    var tags = Array.prototype.map.call(form.querySelectorAll('input[type="checkbox"]:checked'), function (c) { return c.value; });
    var entry = {
      kind: "check_in", id: outbox.newId(), recorded_at: nowIso(),
      mood: Number(value("mood")), anxiety: Number(value("anxiety")),
      sleep_hours: value("sleep") ? Number(value("sleep")) : null,
      tags: tags, note: form.querySelector("textarea").value
    };
    store(entry).then(function () { form.reset(); })
      .catch(function () { say("[data-journal-problem]", "journal.not_saved", "error"); });
  });

  // Questionnaires: one question at a time, the C-SSRS skip rules, crisis help on item 9.
  function asked(def, answers) {
    var byId = {};
    def.items.forEach(function (item, i) { byId[item.id] = answers[i]; });
    return def.items.map(function (item, i) {
      return !item.asked_if || byId[item.asked_if.item] === item.asked_if.equals ? i : -1;
    }).filter(function (i) { return i >= 0; });
  }
  function entryOf(submitted) {
    return { kind: "questionnaire", id: flow.id, recorded_at: nowIso(), instrument: flow.instrument,
             answers: flow.answers.slice(), submitted: submitted };
  }
  function show() {
    var def = defs[flow.instrument];
    var item = def.items[flow.index];
    var order = asked(def, flow.answers);
    $("[data-journal-pick]").hidden = true;
    $("[data-journal-crisis]").hidden = true;
    $("[data-journal-question]").hidden = false;
    fill($("[data-journal-title]"), [both(def.title)]);
    fill($("[data-journal-stem]"), [both(def.stem)]);
    fill($("[data-journal-text]"), [both(item.text)]);
    var progress = $("[data-journal-progress]");
    fill(progress, template("questionnaire.progress_a"));
    progress.appendChild(document.createTextNode(" " + (order.indexOf(flow.index) + 1) + " "));
    Array.prototype.forEach.call(template("questionnaire.progress_b"), function (n) { progress.appendChild(n.cloneNode(true)); });
    progress.appendChild(document.createTextNode(" " + order.length));
    var answers = $("[data-journal-answers]");
    answers.textContent = "";
    (item.answers || def.answers).forEach(function (answer) {
      var button = document.createElement("button");
      button.type = "button";
      var chosen = flow.answers[flow.index] === answer.value;
      button.className = "btn btn-answer" + (chosen ? " is-chosen" : "");
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
      button.appendChild(both(answer.text));
      button.addEventListener("click", function () { choose(answer.value); });
      answers.appendChild(button);
    });
  }
  function start(instrument) {
    var def = defs[instrument];
    flow = { id: outbox.newId(), instrument: instrument, answers: def.items.map(function () { return null; }), index: 0 };
    show();
  }
  function forward() {
    var order = asked(defs[flow.instrument], flow.answers);
    var later = order.filter(function (i) { return i > flow.index; });
    if (later.length) { flow.index = later[0]; return show(); }
    var finished = flow;
    store(entryOf(true)).catch(function () { say("[data-journal-status]", "journal.not_saved", "error"); });
    var followUp = finished.instrument === "phq9" && finished.answers[8] >= 1;
    flow = null;
    $("[data-journal-question]").hidden = true;
    $("[data-journal-pick]").hidden = false;
    if (followUp) start("cssrs");
  }
  function choose(value) {
    flow.answers[flow.index] = value;
    var def = defs[flow.instrument];
    if (def.risk_item === def.items[flow.index].id && value >= 1) {
      // Help first, at once; and keep the answer now, so the alert goes out when online.
      store(entryOf(false)).catch(function () { /* shown below anyway */ });
      $("[data-journal-question]").hidden = true;
      $("[data-journal-crisis]").hidden = false;
      $("[data-journal-crisis] h2").focus && $("[data-journal-crisis]").scrollIntoView();
      return;
    }
    forward();
  }
  $("[data-journal-after-crisis]").addEventListener("click", forward);
  $("[data-journal-back]").addEventListener("click", function () {
    var order = asked(defs[flow.instrument], flow.answers);
    var earlier = order.filter(function (i) { return i < flow.index; });
    if (earlier.length) { flow.index = earlier[earlier.length - 1]; return show(); }
    flow = null;
    $("[data-journal-question]").hidden = true;
    $("[data-journal-pick]").hidden = false;
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-journal-start]"), function (button) {
    button.addEventListener("click", function () { start(button.getAttribute("data-journal-start")); });
  });

  // Back online, the saved entries went out: say so, with how many (found: the page said
  // "will be sent" beside "Everything is sent", and never how many went).
  document.addEventListener("steady:outbox", function (event) {
    var sent = event.detail && event.detail.sent;
    if (sent > 0) {
      say("[data-journal-status]", "outbox.sent", "info");
      $("[data-journal-status]").appendChild(document.createTextNode(" " + sent));
    }
    refreshWaiting();
  });
  window.addEventListener("online", function () { outbox.flush(); });
  refreshWaiting();
})();
