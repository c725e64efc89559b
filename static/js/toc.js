// The table of contents marks the section being read. Without this script the
// contents are plain links, and the page reads the same.
(() => {
  const sections = [...document.querySelectorAll(".briefing-toc a[href^='#']")]
    .map((link) => ({ link, heading: document.getElementById(decodeURIComponent(link.hash.slice(1))) }))
    .filter((section) => section.heading);
  if (!sections.length) return;
  let current = null;

  function mark(section) {
    if (section === current) return;
    if (current) {
      current.link.classList.remove("is-current");
      current.link.removeAttribute("aria-current");
    }
    section.link.classList.add("is-current");
    section.link.setAttribute("aria-current", "location");
    current = section;
  }

  function update() {
    const line = window.innerHeight * 0.25;
    const atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    let reading = sections[0];
    for (const section of sections) {
      if (section.heading.getBoundingClientRect().top > line) break;
      reading = section;
    }
    mark(atEnd && window.scrollY > 0 ? sections[sections.length - 1] : reading);
  }

  let queued = false;
  window.addEventListener("scroll", () => {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(() => {
      queued = false;
      update();
    });
  }, { passive: true });
  update();
})();
