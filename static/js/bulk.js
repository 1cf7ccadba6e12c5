// The select-all box of a list's bulk bar (core/templates/core/bulk_bar.html): checks or clears every
// row checkbox of the page that belongs to the bar's form. Without it the form still works row by row.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var box = e.target;
    var formId = box.getAttribute && box.getAttribute("data-bulk-all");
    if (!formId) return;
    var rows = document.querySelectorAll('input[type="checkbox"][name="ids"][form="' + formId + '"]');
    for (var i = 0; i < rows.length; i++) rows[i].checked = box.checked;
  });
})();
