/* A button with data-select-all="NAME" ticks every checkbox named NAME (no inline handlers: CSP). */
document.addEventListener("click", function (event) {
  "use strict";
  var button = event.target.closest("[data-select-all]");
  if (!button) { return; }
  document.querySelectorAll('input[type=checkbox][name="' + button.dataset.selectAll + '"]').forEach(function (box) { box.checked = true; });
});
