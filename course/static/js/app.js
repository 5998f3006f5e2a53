// Progressive enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary so screen-reader users hear what went wrong.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
