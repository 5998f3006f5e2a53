// Quiz pages, enhanced: autosave through the API (also of answers the learner removes), inline
// messages for answers that cannot be saved yet, "Sprawdź odpowiedź" and "Oznacz na później" without
// a reload, move up/down buttons for ordering, and paging that does not re-post the page.
// Without JavaScript every one of these is a button of the form, handled by the server.
(function () {
  "use strict";
  var form = document.querySelector("form.quiz-form");
  if (!form) { return; }
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var progress = document.querySelector("[data-progress]");
  var timers = {};
  var pending = {};

  function msg(name) { return form.getAttribute("data-msg-" + name) || ""; }
  function endpoint(name, id) { return form.getAttribute("data-" + name + "-url").replace("QID", encodeURIComponent(id)); }
  function idOf(fieldset) { return fieldset.getAttribute("data-question-id"); }
  function fieldsetOf(el) { return el.closest("fieldset[data-question-id]"); }
  function each(root, selector, fn) { Array.prototype.forEach.call(root.querySelectorAll(selector), fn); }
  function values(fieldset, selector) {
    return Array.prototype.map.call(fieldset.querySelectorAll(selector), function (el) { return el.value; });
  }

  function api(method, url, body) {
    var options = { method: method, credentials: "same-origin", headers: { "X-CSRFToken": csrf, "Accept": "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, status: r.status, body: data }; });
    });
  }

  function errorText(result) {
    return result.body && result.body.error ? result.body.error.message : String(result.status);
  }

  // What the fields say now: {response} (null: unanswered) or {problem} (a partial answer that cannot be saved).
  function read(fieldset) {
    var type = fieldset.getAttribute("data-type");
    var checked = values(fieldset, "input[type=radio]:checked, input[type=checkbox]:checked");
    if (type === "single") { return { response: checked.length ? { choice: checked[0] } : null }; }
    if (type === "multiple") { return { response: checked.length ? { choices: checked } : null }; }
    if (type === "truefalse") { return { response: checked.length ? { value: checked[0] === "true" } : null }; }
    if (type === "matching") {
      var pairs = {};
      each(fieldset, "select[data-pair]", function (s) { if (s.value) { pairs[s.getAttribute("data-pair")] = s.value; } });
      return { response: Object.keys(pairs).length ? { pairs: pairs } : null };
    }
    if (type === "ordering") {
      var selects = Array.prototype.slice.call(fieldset.querySelectorAll("select[data-step]"));
      var positions = selects.map(function (s) { return s.value; });
      if (positions.every(function (p) { return !p; })) { return { response: null }; }
      var distinct = positions.filter(function (p, i) { return p && positions.indexOf(p) === i; });
      if (distinct.length !== selects.length) { return { problem: fieldset.getAttribute("data-msg-positions") }; }
      selects.sort(function (a, b) { return Number(a.value) - Number(b.value); });
      return { response: { order: selects.map(function (s) { return s.getAttribute("data-step"); }) } };
    }
    if (type === "short" || type === "open") {
      var text = fieldset.querySelector("input[type=text], textarea").value;
      return { response: text.trim() ? { text: text } : null };
    }
    if (type === "self_rating") {
      var reflection = fieldset.querySelector("textarea").value;
      var length = reflection.trim().length;
      var min = Number(fieldset.getAttribute("data-min-reflection") || 0);
      if (checked.length && checked[0] === "none") {  // "no opportunity yet": stored, not a rating
        return { response: length ? { no_opportunity: true, reflection: reflection } : { no_opportunity: true } };
      }
      if (!checked.length) { return length ? { problem: fieldset.getAttribute("data-msg-level") } : { response: null }; }
      if (length < min) { return { problem: fieldset.getAttribute("data-msg-too-short").replace("{m}", length) }; }
      return { response: { level: Number(checked[0]), reflection: reflection } };
    }
    return { response: null };
  }

  function status(fieldset, text) {
    var el = fieldset.querySelector("[data-autosave-status]");
    if (el) { el.textContent = text; }
  }

  function showProblem(fieldset, text) {
    var box = fieldset.querySelector("[data-inline-error]");
    if (!box) { return; }
    box.textContent = "";
    if (text) {
      var p = document.createElement("p");
      p.className = "field__error";
      var label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = msg("error") + " ";
      p.appendChild(label);
      p.appendChild(document.createTextNode(text));
      box.appendChild(p);
    } else {
      var old = fieldset.querySelector("#" + CSS.escape(fieldset.id + "-error"));  // the server's message, now resolved
      if (old) { old.remove(); }
    }
    fieldset.classList.toggle("question--error", Boolean(text));
    markDuplicates(fieldset);
  }

  function markDuplicates(fieldset) {
    var selects = Array.prototype.slice.call(fieldset.querySelectorAll("select[data-step]"));
    var counts = {};
    selects.forEach(function (s) { if (s.value) { counts[s.value] = (counts[s.value] || 0) + 1; } });
    selects.forEach(function (s) {
      var repeated = Boolean(s.value) && counts[s.value] > 1;
      if (repeated) { s.setAttribute("aria-invalid", "true"); } else { s.removeAttribute("aria-invalid"); }
    });
  }

  function navEntry(id) { return document.querySelector("[data-nav-item=\"" + CSS.escape(id) + "\"]"); }

  function setAnswered(id, answered) {
    var entry = navEntry(id);
    if (!entry) { return; }
    entry.setAttribute("data-answered", answered ? "true" : "false");
    entry.querySelector("[data-nav-answered]").textContent = answered ? "✓" : "○";
    entry.querySelector("[data-nav-answered-text]").textContent = msg(answered ? "answered" : "unanswered");
    countAnswered();
  }

  function countAnswered() {
    if (!progress) { return; }
    var entries = document.querySelectorAll("[data-nav-item]");
    var answered = Array.prototype.filter.call(entries, function (e) { return e.getAttribute("data-answered") === "true"; }).length;
    progress.textContent = msg("progress").replace("{a}", answered).replace("{n}", entries.length);
  }

  // Save what the question shows now: a response (PUT), or its absence (DELETE). Resolves to true when stored.
  function save(fieldset, before) {
    var id = idOf(fieldset);
    clearTimeout(timers[id]);
    delete timers[id];
    var state = read(fieldset);
    showProblem(fieldset, state.problem);
    if (state.problem) {
      status(fieldset, before || "");
      return Promise.resolve(false);
    }
    var request = state.response === null ? api("DELETE", endpoint("autosave", id)) : api("PUT", endpoint("autosave", id), state.response);
    var done = request.then(function (result) {
      var prefix = before ? before + " " : "";
      if (result.ok) {
        status(fieldset, prefix + msg(result.body.answered ? "saved" : "cleared") + " " + result.body.saved_time + ".");
        setAnswered(id, result.body.answered);
      } else {
        status(fieldset, prefix + msg("not-saved") + " " + errorText(result));
      }
      return result.ok;
    }).catch(function () { status(fieldset, msg("offline")); return false; });
    pending[id] = done;
    return done;
  }

  function later(fieldset) {
    var id = idOf(fieldset);
    clearTimeout(timers[id]);
    timers[id] = setTimeout(function () { save(fieldset); }, 1500);
  }

  // Everything typed is stored before the page changes; false when something on it cannot be.
  function flush() {
    each(form, "fieldset[data-question-id]", function (fieldset) {
      if (timers[idOf(fieldset)]) { save(fieldset); }
    });
    var all = Object.keys(pending).map(function (id) { return pending[id]; });
    return Promise.all(all).then(function () {
      return !Array.prototype.some.call(form.querySelectorAll("fieldset[data-question-id]:not([disabled])"), function (f) {
        return Boolean(read(f).problem);
      });
    });
  }

  form.addEventListener("change", function (event) {
    var fieldset = fieldsetOf(event.target);
    if (!fieldset) { return; }
    if (event.target.matches("select[data-step]")) { followPositions(fieldset, event.target); }
    save(fieldset);
  });
  form.addEventListener("input", function (event) {
    var fieldset = fieldsetOf(event.target);
    if (fieldset && (event.target.tagName === "TEXTAREA" || event.target.type === "text")) { later(fieldset); }
  });

  // "Sprawdź odpowiedź": save, check, and show the verdict where the question is.
  function showVerdict(fieldset, className, verdictText, html) {
    var live = fieldset.querySelector("[data-check-live]");
    var box = document.createElement("div");
    box.className = "check-result " + className;
    box.id = fieldset.id + "-feedback";
    box.tabIndex = -1;
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = verdictText;
    p.appendChild(strong);
    box.appendChild(p);
    if (html) {
      var feedback = document.createElement("div");
      feedback.innerHTML = html;  // rendered by the server from the course content, as on the page itself
      box.appendChild(feedback);
    }
    live.textContent = "";
    live.appendChild(box);
    box.focus();
  }

  function check(fieldset, button) {
    var id = idOf(fieldset);
    button.setAttribute("aria-disabled", "true");
    save(fieldset).then(function (saved) {
      if (!saved && read(fieldset).problem) { return null; }
      return api("POST", endpoint("check", id)).then(function (result) {
        if (!result.ok) {
          showVerdict(fieldset, "check-result--no", errorText(result), "");
          return;
        }
        if (result.body.final) {
          button.remove();
          fieldset.setAttribute("data-locked", "");
          fieldset.disabled = true;
        }
        showVerdict(fieldset, result.body.correct ? "check-result--ok" : "check-result--no", result.body.verdict, result.body.feedback_html);
      });
    }).catch(function () { status(fieldset, msg("offline")); }).then(function () { button.removeAttribute("aria-disabled"); });
  }

  // "Oznacz na później": a toggle button, stored with the attempt.
  function flag(fieldset, button) {
    var id = idOf(fieldset);
    var flagged = button.getAttribute("aria-pressed") !== "true";
    api("PUT", endpoint("flag", id), { flagged: flagged }).then(function (result) {
      if (!result.ok) { status(fieldset, msg("not-saved") + " " + errorText(result)); return; }
      button.setAttribute("aria-pressed", result.body.flagged ? "true" : "false");
      fieldset.querySelector("[data-flag-badge]").hidden = !result.body.flagged;
      var entry = navEntry(id);
      if (entry) {
        entry.setAttribute("data-flagged", result.body.flagged ? "true" : "false");
        entry.querySelector("[data-nav-flag]").hidden = !result.body.flagged;
      }
      status(fieldset, msg(result.body.flagged ? "flagged" : "unflagged"));
    }).catch(function () { status(fieldset, msg("offline")); });
  }

  // Ordering: move up / move down buttons beside each step; the position selects follow the list.
  function stepsOf(fieldset) { return Array.prototype.slice.call(fieldset.querySelectorAll("[data-step-item]")); }

  function renumber(fieldset) {
    var steps = stepsOf(fieldset);
    steps.forEach(function (li, i) {
      li.querySelector("select[data-step]").value = String(i + 1);
      li.querySelector("[data-move=up]").setAttribute("aria-disabled", i === 0 ? "true" : "false");
      li.querySelector("[data-move=down]").setAttribute("aria-disabled", i === steps.length - 1 ? "true" : "false");
    });
  }

  function moveButton(direction, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary ordering__button";
    button.setAttribute("data-move", direction);
    var arrow = document.createElement("span");
    arrow.setAttribute("aria-hidden", "true");
    arrow.textContent = direction === "up" ? "↑" : "↓";
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = msg(direction) + ": " + text;
    button.appendChild(arrow);
    button.appendChild(label);
    return button;
  }

  function move(fieldset, button) {
    if (button.getAttribute("aria-disabled") === "true") { return; }
    var li = button.closest("[data-step-item]");
    var list = li.parentNode;
    var up = button.getAttribute("data-move") === "up";
    var steps = stepsOf(fieldset);
    if (read(fieldset).response === null || read(fieldset).problem) {
      // Not a complete order yet: the list as shown is the starting point.
      steps.forEach(function (step, i) { step.querySelector("select[data-step]").value = String(i + 1); });
    }
    if (up && li.previousElementSibling) { list.insertBefore(li, li.previousElementSibling); }
    if (!up && li.nextElementSibling) { list.insertBefore(li.nextElementSibling, li); }
    renumber(fieldset);
    var again = button.getAttribute("aria-disabled") === "true" ? li.querySelector("[data-move=" + (up ? "down" : "up") + "]") : button;
    again.focus();  // moving the item took focus away from its button
    var position = stepsOf(fieldset).indexOf(li) + 1;
    var text = li.querySelector("label").textContent;
    save(fieldset, msg("moved").replace("{step}", text).replace("{n}", position).replace("{total}", steps.length));
  }

  // A complete set of positions chosen in the selects puts the list in that order.
  function followPositions(fieldset, select) {
    var state = read(fieldset);
    if (!state.response || !fieldset.querySelector("[data-move]")) { return; }
    var list = fieldset.querySelector(".ordering");
    state.response.order.forEach(function (sid) {
      list.appendChild(list.querySelector("[data-step-item=\"" + CSS.escape(sid) + "\"]"));
    });
    renumber(fieldset);
    select.focus();
  }

  each(form, "fieldset[data-type=ordering]:not([disabled])", function (fieldset) {
    stepsOf(fieldset).forEach(function (li) {
      var text = li.querySelector("label").textContent;
      var box = document.createElement("span");
      box.className = "ordering__move";
      box.appendChild(moveButton("up", text));
      box.appendChild(moveButton("down", text));
      li.appendChild(box);
    });
    var steps = stepsOf(fieldset);
    steps.forEach(function (li, i) {
      li.querySelector("[data-move=up]").setAttribute("aria-disabled", i === 0 ? "true" : "false");
      li.querySelector("[data-move=down]").setAttribute("aria-disabled", i === steps.length - 1 ? "true" : "false");
    });
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    var fieldset = button && fieldsetOf(button);
    if (!fieldset) { return; }
    if (button.hasAttribute("data-move")) { event.preventDefault(); move(fieldset, button); }
    if (button.hasAttribute("data-check")) {
      event.preventDefault();
      if (button.getAttribute("aria-disabled") !== "true") { check(fieldset, button); }
    }
    if (button.hasAttribute("data-flag")) { event.preventDefault(); flag(fieldset, button); }
  });

  // Paging: answers are already saved, so go to the other page without posting this one again
  // (when an answer here cannot be saved, the form is posted and the server explains why).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-href]");
    if (!button || button.form !== form) { return; }
    event.preventDefault();
    flush().then(function (ok) {
      if (ok) { window.location.assign(button.getAttribute("data-href")); } else { form.requestSubmit(button); }
    });
  });
})();
