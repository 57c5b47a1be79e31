// The public opinion form's character counter (no inline script: the Content-Security-Policy
// blocks it). The limit is the textarea's maxlength, which the server also enforces.
(function () {
  const field = document.querySelector("textarea[data-counter]");
  if (!field) return;
  const counter = document.getElementById(field.getAttribute("data-counter"));
  const limit = parseInt(field.getAttribute("maxlength"), 10);
  if (!counter || !limit) return;
  function update() {
    const used = Array.from(field.value).length;  // characters, as the server counts them
    counter.textContent = "已写 " + used + " 字，还可写 " + Math.max(limit - used, 0) + " 字（最多 " + limit + " 字）";
    counter.classList.toggle("over", used >= limit);
  }
  field.addEventListener("input", update);
  update();
})();
