// The colour-theme switch (planner/ui/app/theme.py draws its buttons): Streamlit reads the
// theme from localStorage when a page loads, under a key per page path; a press writes it for
// every page of the app, then reloads. Runs once per page load, in the HTML page itself
// (planner/ui/app/shell.py), before Streamlit's own code, which puts in the pages' paths.
(() => {
  if (window.solaceTheme) return;
  window.solaceTheme = true;
  const pages = SOLACE_PAGES;
  const KEY = (path) => `stActiveTheme-${path}-v2`;
  const root = document.documentElement;
  // The page's background in each theme (light, dark) as Streamlit 1.67 draws it, until the
  // drawn page says which it shows (and so, should a later Streamlit change it, what it is).
  const BACKGROUNDS = ["rgb(255, 255, 255)", "rgb(23, 22, 20)"];

  function basePath() {
    const here = window.location.pathname.replace(/\/+$/, "");
    for (const page of pages) {
      if (page && here.endsWith(`/${page}`)) return here.slice(0, -(page.length + 1));
    }
    return here;
  }

  function chosen() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY(window.location.pathname))) || "System";
    } catch (error) {  // no choice stored yet, or storage refused
      return "System";
    }
  }

  // Tell the app's CSS which theme is showing: a class for dark, and the page's background.
  // Written only when it changes: a change restyles the whole page.
  function mark(dark, background) {
    if (root.classList.contains("solace-dark") !== dark) root.classList.toggle("solace-dark", dark);
    if (root.style.getPropertyValue("--solace-page") !== background) {
      root.style.setProperty("--solace-page", background);
    }
  }

  // Before the first paint, from the choice (or the system's setting); once drawn, from the
  // page's own background, which is what Streamlit decided.
  const choice = chosen();
  const darkFirst = choice === "Dark"
    || (choice === "System" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  mark(darkFirst, BACKGROUNDS[darkFirst ? 1 : 0]);

  function markDrawn() {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return;
    const background = getComputedStyle(app).backgroundColor;
    const [r, g, b] = (background.match(/\d+/g) || [255, 255, 255]).map(Number);
    mark((r * 299 + g * 587 + b * 114) / 1000 < 128, background);
  }

  // The switch's buttons say which is pressed, as each switch is drawn (a page's run may
  // draw it anew).
  function showChoice() {
    for (const button of document.querySelectorAll(".theme-switch button[data-theme]")) {
      const pressed = String(button.dataset.theme === choice);
      if (button.getAttribute("aria-pressed") !== pressed) {
        button.setAttribute("aria-pressed", pressed);
      }
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element
      && event.target.closest(".theme-switch button[data-theme]");
    if (!button) return;
    const base = basePath();
    for (const page of pages) {
      for (const path of [`${base}/${page}`, `${base}/${page}`.replace(/\/$/, "") || "/"]) {
        window.localStorage.setItem(KEY(path), JSON.stringify(button.dataset.theme));
      }
    }
    window.location.reload();
  });
  // Looked at only when what the page adds is, holds or sits in a switch: a page that changes
  // all the time (the Run page's countdown) then costs the watcher next to nothing.
  const touchesSwitch = (node) => node.nodeType === 1
    && (node.closest(".theme-switch") || node.querySelector(".theme-switch"));
  new MutationObserver((records) => {
    if (records.some((record) => [...record.addedNodes].some(touchesSwitch))) showChoice();
  }).observe(root, { childList: true, subtree: true });
  // Streamlit may apply the theme after the page is first drawn, and the system's setting
  // may change while the page is open.
  setInterval(markDrawn, 400);
})();
