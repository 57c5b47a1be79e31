// Small page actions without inline script, which the Content-Security-Policy blocks:
// <form data-confirm="问题？"> asks before submitting; <a data-back> goes back; <a data-print> prints.
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
// <input data-select-all readonly>: a link to copy is selected whole when clicked.
document.addEventListener("focusin", function (event) {
  if (event.target.hasAttribute && event.target.hasAttribute("data-select-all")) event.target.select();
});
