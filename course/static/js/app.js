// Progressive enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary so screen-reader users hear what went wrong.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  setUpDisclosures();
});

// Disclosure buttons (the phone menu, the account menu): the button is hidden in the HTML, so without
// this script every link stays visible; here it appears, collapses its list (CSS hides the list while
// aria-expanded is "false"), toggles on click, Enter and Space, and Escape closes it and returns focus.
function setUpDisclosures() {
  var disclosures = [];
  document.documentElement.classList.add("js");
  document.querySelectorAll("[data-disclosure]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) { return; }
    var item = {button: button, target: target, outside: button.hasAttribute("data-dismiss-outside")};
    disclosures.push(item);
    button.hidden = false;
    setOpen(item, false);
    button.addEventListener("click", function () { setOpen(item, !isOpen(item)); });
    if (item.outside) {
      // The account menu drops over the page: it closes when focus or a click moves elsewhere.
      button.parentElement.addEventListener("focusout", function (event) {
        if (event.relatedTarget && !button.parentElement.contains(event.relatedTarget)) { setOpen(item, false); }
      });
      document.addEventListener("click", function (event) {
        if (!button.parentElement.contains(event.target)) { setOpen(item, false); }
      });
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var active = document.activeElement;
    var open = disclosures.filter(function (item) { return isOpen(item) && visible(item.button); });
    // The innermost open disclosure that holds the focus closes first; its button takes the focus back.
    var holding = open.filter(function (item) { return item.button === active || item.target.contains(active); });
    if (holding.length) {
      var inner = holding[holding.length - 1];
      setOpen(inner, false);
      inner.button.focus();
    } else {
      open.forEach(function (item) { setOpen(item, false); });
    }
  });
}

function isOpen(item) { return item.button.getAttribute("aria-expanded") === "true"; }
function setOpen(item, open) { item.button.setAttribute("aria-expanded", open ? "true" : "false"); }
function visible(element) { return element.offsetParent !== null || getComputedStyle(element).position === "fixed"; }
