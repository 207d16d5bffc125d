// On a narrow screen the sidebar covers most of the page: once a page is chosen from it, close
// it, so the chosen page shows. (Streamlit does so itself only for a phone's user agent, and
// its top navigation turns back into the sidebar below 768 px.) Runs in the page itself, once.
(() => {
  if (window.solaceNavWatch) return;
  window.solaceNavWatch = true;
  const narrow = window.matchMedia("(max-width: 767.98px)");
  document.addEventListener("click", (event) => {
    if (!narrow.matches || !event.target.closest('[data-testid="stSidebarNavLink"]')) return;
    setTimeout(() => {
      const sidebar = document.querySelector('[data-testid="stSidebar"]');
      const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close && sidebar && sidebar.dataset.collapsed === "false") close.click();
    }, 0);
  }, true);
})();
