// Behaviour the pages declare with data attributes, so no page needs inline script or handlers
// (the Content-Security-Policy allows scripts from this site's static files only).
"use strict";

// <form data-confirm="…">: ask before posting (deleting, retiring, withdrawing).
document.addEventListener("submit", (event) => {
  const message = event.target.closest("form[data-confirm]")?.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// <select data-autosubmit>: choosing an option posts its form (the language switch).
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.requestSubmit();
  }
});

// <a data-back href="…">: go back in history when there is somewhere to go, else follow the link.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});

// <… data-replace-url="…">: a page rendered by a form post takes its own address, so a refresh
// does not post again.
document.addEventListener("DOMContentLoaded", () => {
  const target = document.querySelector("[data-replace-url]");
  if (target) {
    window.history.replaceState(null, "", target.dataset.replaceUrl);
  }
});
