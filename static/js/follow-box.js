// The follow box sits on pages cached alike for everyone, so it carries no
// CSRF token or form stamp; without JavaScript its POST opens the follow page
// filled in, to send from there. With it, the box fetches both when the reader
// starts typing, and the same POST is accepted in one step.
(() => {
  for (const form of document.querySelectorAll("form[data-follow-token]")) {
    let asked = false;
    const ask = async () => {
      if (asked) return;
      asked = true;
      try {
        const response = await fetch(form.dataset.followToken, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return;
        for (const [name, value] of Object.entries(await response.json())) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          input.value = value;
          form.append(input);
        }
      } catch {
        // Offline or refused: the form still works in two steps.
      }
    };
    form.addEventListener("focusin", ask);
  }
})();
