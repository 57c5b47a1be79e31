// Small page actions without inline script, which the Content-Security-Policy blocks:
// <form data-confirm="问题？"> asks before submitting; <a data-back> goes back; <a data-print> prints;
// <input type=checkbox data-select-all="FORM"> ticks every checkbox that belongs to form FORM.
document.addEventListener("submit", function (event) {
  const question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
document.addEventListener("click", function (event) {
  const link = event.target.closest && event.target.closest("[data-back], [data-print]");
  if (!link) return;
  event.preventDefault();
  if (link.hasAttribute("data-print")) window.print(); else history.back();
});
document.addEventListener("change", function (event) {
  const form = event.target.getAttribute && event.target.getAttribute("data-select-all");
  if (!form) return;
  document.querySelectorAll('input[type="checkbox"][form="' + form + '"]').forEach(function (box) {
    box.checked = event.target.checked;
  });
});
// <input data-select-text readonly>: a link to copy is selected whole when clicked.
document.addEventListener("focusin", function (event) {
  if (event.target.hasAttribute && event.target.hasAttribute("data-select-text")) event.target.select();
});
