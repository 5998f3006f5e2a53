// Autosave for quiz pages: each change is saved through the API at once, so an attempt survives
// closing the browser. Without JavaScript the "Zapisz odpowiedzi" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form.quiz-form");
  if (!form) { return; }
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var urlTemplate = form.getAttribute("data-autosave-url");
  var progress = document.querySelector("[data-progress]");
  var timers = {};
  function msg(name) { return form.getAttribute("data-msg-" + name) || ""; }
  var locale = form.getAttribute("data-locale") || "pl";

  function values(fieldset, selector) {
    return Array.prototype.map.call(fieldset.querySelectorAll(selector), function (el) { return el.value; });
  }

  function readResponse(fieldset) {
    var type = fieldset.getAttribute("data-type");
    var checked = values(fieldset, "input[type=radio]:checked, input[type=checkbox]:checked");
    if (type === "single") { return checked.length ? { choice: checked[0] } : null; }
    if (type === "multiple") { return checked.length ? { choices: checked } : null; }
    if (type === "truefalse") { return checked.length ? { value: checked[0] === "true" } : null; }
    if (type === "matching") {
      var pairs = {};
      fieldset.querySelectorAll("select[data-pair]").forEach(function (s) { if (s.value) { pairs[s.getAttribute("data-pair")] = s.value; } });
      return Object.keys(pairs).length ? { pairs: pairs } : null;
    }
    if (type === "ordering") {
      var selects = Array.prototype.slice.call(fieldset.querySelectorAll("select[data-step]"));
      var positions = selects.map(function (s) { return s.value; });
      var distinct = positions.filter(function (p, i) { return p && positions.indexOf(p) === i; });
      if (distinct.length !== selects.length) { return null; }  // incomplete: the server explains on save
      selects.sort(function (a, b) { return Number(a.value) - Number(b.value); });
      return { order: selects.map(function (s) { return s.getAttribute("data-step"); }) };
    }
    if (type === "short" || type === "open") {
      var text = fieldset.querySelector("input[type=text], textarea").value;
      return text.trim() ? { text: text } : null;
    }
    if (type === "self_rating") {
      var reflection = fieldset.querySelector("textarea").value;
      var min = Number(fieldset.getAttribute("data-min-reflection") || 0);
      if (checked.length && checked[0] === "none") {  // "no opportunity yet": stored, not a rating
        return reflection.trim() ? { no_opportunity: true, reflection: reflection } : { no_opportunity: true };
      }
      return checked.length && reflection.trim().length >= min ? { level: Number(checked[0]), reflection: reflection } : null;
    }
    return null;
  }

  function status(fieldset, text) {
    var el = fieldset.querySelector("[data-autosave-status]");
    if (el) { el.textContent = text; }
  }

  function countAnswered() {
    if (!progress) { return; }
    var fieldsets = form.querySelectorAll("fieldset[data-question-id]");
    var answered = Array.prototype.filter.call(fieldsets, function (f) { return readResponse(f) !== null; }).length;
    progress.textContent = msg("progress").replace("{a}", answered).replace("{n}", fieldsets.length);
  }

  function save(fieldset) {
    var response = readResponse(fieldset);
    if (response === null) { return; }
    var url = urlTemplate.replace("QID", encodeURIComponent(fieldset.getAttribute("data-question-id")));
    fetch(url, {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(response)
    }).then(function (r) {
      return r.json().then(function (body) {
        if (r.ok) {
          status(fieldset, msg("saved") + " " + new Date().toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" }) + ".");
        } else {
          status(fieldset, msg("not-saved") + " " + (body.error ? body.error.message : r.status));
        }
      });
    }).catch(function () { status(fieldset, msg("offline")); });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-question-id]");
    if (fieldset) { save(fieldset); countAnswered(); }
  });
  form.addEventListener("input", function (event) {
    var fieldset = event.target.closest("fieldset[data-question-id]");
    if (!fieldset || event.target.tagName !== "TEXTAREA" && event.target.type !== "text") { return; }
    var id = fieldset.getAttribute("data-question-id");
    clearTimeout(timers[id]);
    timers[id] = setTimeout(function () { save(fieldset); countAnswered(); }, 1500);
  });
})();
