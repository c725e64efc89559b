// A rejected form's summary takes the focus, so the person (and a screen reader)
// sees what went wrong; its links focus the field they name.
(() => {
  const summary = document.getElementById("error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.hash.slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    (field.closest(".mb-3") || field).scrollIntoView({ block: "start" });
  });
})();
