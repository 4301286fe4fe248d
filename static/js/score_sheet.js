/* The score sheet's live totals (per part and grand total) as the member ticks the options. */
(function () {
  "use strict";
  // the portal's one number format (decimal comma, thousands dot): "33,34", "100,00"
  var fmt = new Intl.NumberFormat("vi-VN", {minimumFractionDigits: 2, maximumFractionDigits: 2});
  function vn(x) { return fmt.format(x); }
  function recompute() {
    var totals = {}, grand = 0;
    document.querySelectorAll(".score-option:checked").forEach(function (el) {
      var p = parseFloat(el.dataset.points.replace(",", ".")) || 0;
      totals[el.dataset.part] = (totals[el.dataset.part] || 0) + p; grand += p;
    });
    document.querySelectorAll(".part-total").forEach(function (el) { el.textContent = vn(totals[el.dataset.part] || 0); });
    var total = document.getElementById("grand-total");
    if (total) { total.textContent = vn(grand); }
  }
  document.querySelectorAll(".score-option").forEach(function (el) { el.addEventListener("change", recompute); });
  recompute();
})();
