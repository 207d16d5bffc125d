// The colour-theme switch: Streamlit reads the theme from localStorage when a page loads, under
// a key per page path; write it for every page of the app, then reload. Runs in the page
// itself (st.html with JavaScript), once per element: SOLACE_PAGES is put in by theme.py.
(() => {
  const pages = SOLACE_PAGES;
  const KEY = (path) => `stActiveTheme-${path}-v2`;

  function basePath() {
    const here = window.location.pathname.replace(/\/+$/, "");
    for (const page of pages) {
      if (page && here.endsWith(`/${page}`)) return here.slice(0, -(page.length + 1));
    }
    return here;
  }

  // Tell the app's CSS which theme is showing: a class for dark, and the page's background.
  function markTheme() {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return;
    const background = getComputedStyle(app).backgroundColor;
    const [r, g, b] = (background.match(/\d+/g) || [255, 255, 255]).map(Number);
    const dark = (r * 299 + g * 587 + b * 114) / 1000 < 128;
    document.documentElement.classList.toggle("solace-dark", dark);
    document.documentElement.style.setProperty("--solace-page", background);
  }

  function wire() {
    const base = basePath();
    let current = "System";
    try {
      current = JSON.parse(window.localStorage.getItem(KEY(window.location.pathname))) || "System";
    } catch (error) { /* no choice stored yet */ }
    for (const button of document.querySelectorAll(".theme-switch button[data-theme]")) {
      button.setAttribute("aria-pressed", String(button.dataset.theme === current));
      button.onclick = () => {
        const choice = button.dataset.theme;
        for (const page of pages) {
          for (const path of [`${base}/${page}`, `${base}/${page}`.replace(/\/$/, "") || "/"]) {
            window.localStorage.setItem(KEY(path), JSON.stringify(choice));
          }
        }
        window.location.reload();
      };
    }
  }

  markTheme();
  wire();
  if (!window.solaceThemeWatch) {  // Streamlit may apply the theme after this first look
    window.solaceThemeWatch = setInterval(() => { markTheme(); wire(); }, 400);
  }
})();
