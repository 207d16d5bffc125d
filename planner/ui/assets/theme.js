// The colour-theme switch: Streamlit reads the theme from localStorage when a page loads, under
// a key per page path; write it for every page of the app, then reload.
const KEY = (path) => `stActiveTheme-${path}-v2`;

function basePath(pages) {
  const here = window.location.pathname.replace(/\/+$/, "");
  for (const page of pages) {
    if (page && here.endsWith(`/${page}`)) return here.slice(0, -(page.length + 1));
  }
  return here;
}

export default function ({ data, parentElement }) {
  const pages = data.pages || [""];
  const base = basePath(pages);
  let current = "System";
  try {
    current = JSON.parse(window.localStorage.getItem(KEY(window.location.pathname))) || "System";
  } catch (error) { /* no choice stored yet */ }
  for (const button of parentElement.querySelectorAll("button[data-theme]")) {
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
