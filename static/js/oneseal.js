/* OneSeal's page behaviour, in one file so the Content-Security-Policy allows no inline script.
   - A form is sent once: a second click or Enter while the first submit is on its way does
     nothing (the server refuses real duplicates too: Idempotency-Key, one-time form tokens).
   - [data-print] buttons print the page.
   - [data-failed-action="<id>"] on <body>: the action box whose submit failed is marked,
     scrolled to and its first field with an error gets the cursor. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    // Disable after this tick, so the clicked button's own name and value are still sent.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
        .forEach(function (button) { button.disabled = true; });
    }, 0);
  }, true);

  // Back to a page from the browser's cache: its forms may be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
        button.disabled = false;
      });
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var failed = document.body.dataset.failedAction;
    if (!failed) return;
    var box = document.getElementById("action-" + failed);
    if (!box) return;
    box.classList.add("failed");
    box.scrollIntoView({block: "center"});
    var target = box.querySelector(".has-error input, .has-error textarea, .has-error select") ||
                 box.querySelector("input:not([type=hidden]), textarea, select, button");
    if (target) target.focus();
  });
})();
