/* The offline safety plan page (/safety-plan.html): shows the copy kept encrypted on this
 * device for the person signed in here (outbox.js), and refreshes it first when online.
 * Everything is set as text (never HTML); numbers become tel: and sms: links.
 */
(function () {
  "use strict";
  var outbox = window.SteadyOutbox;
  var $ = function (selector) { return document.querySelector(selector); };

  function template(key) {
    return $('[data-template="' + key + '"]').content.cloneNode(true);
  }
  function dial(kind, item) {
    var link = document.createElement("a");
    link.className = "btn btn-secondary";
    link.href = kind + ":" + item.dial;
    link.appendChild(template(kind === "tel" ? "safety.call" : "safety.text"));
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = " " + item.text;
    link.appendChild(who);
    return link;
  }
  function show(plan) {
    $("[data-plan-none]").hidden = !!(plan && plan.version);
    if (!plan || !plan.version) return;
    Object.keys(plan.steps || {}).forEach(function (step) {
      var section = $('[data-step="' + step + '"]');
      if (!section) return;
      var list = section.querySelector("ul");
      list.textContent = "";
      (plan.steps[step] || []).forEach(function (item) {
        var row = document.createElement("li");
        row.className = "list-row";
        var words = document.createElement("span");
        words.className = "user-text";
        words.textContent = item.text;
        row.appendChild(words);
        if (item.dial) {
          var buttons = document.createElement("div");
          buttons.className = "button-row";
          buttons.appendChild(dial("tel", item));
          buttons.appendChild(dial("sms", item));
          row.appendChild(buttons);
        }
        list.appendChild(row);
      });
      if (!plan.steps[step].length) {
        var empty = document.createElement("li");
        empty.appendChild(template("safety.step_empty"));
        list.appendChild(empty);
      }
      section.hidden = false;
    });
  }
  outbox.refreshPlan().then(function (fresh) {
    return fresh || outbox.loadPlan();
  }).then(show).catch(function () { show(null); });
})();
