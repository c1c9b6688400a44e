/* OneSeal's page behaviour, in one file so the Content-Security-Policy allows no inline script.
   - A form is sent once: a second click or Enter while the first submit is on its way does
     nothing (the server refuses real duplicates too: Idempotency-Key, one-time form tokens).
   - [data-print] buttons print the page.
   - [data-failed-action="<id>"] on <body>: the action box whose submit failed is marked,
     scrolled to and its first field with an error gets the cursor.
   - [data-confirm="…"] on a submit button: the browser asks first (不予受理, 用印, 撤回, 终止);
     a cancelled question sends nothing and does NOT count as the form's one submit.
   - [data-shortcut="a"]: Alt+A (Option+A on a Mac) focuses a field or presses a button/link.
     Read from event.code (KeyA), so it works with the Chinese input method on; the visible hint
     is a <kbd data-alt>, shown as ⌥ on a Mac.
   - [data-pick-list]: in a list of results, ↑/↓ move between the [data-pick] links and 1–9
     follow the numbered one. */
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
    // The button that sent the form (Enter in a field sends the form's first submit button).
    var submitter = event.submitter || form.querySelector("button[type=submit], input[type=submit]");
    var question = submitter && submitter.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();  // not sent: the next press asks again
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

  function visible(el) {
    return !el.disabled && el.getClientRects().length > 0;
  }

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var match = /^Key([A-Z])$/.exec(event.code || "");
    if (!match) return;
    var key = match[1].toLowerCase();
    var targets = document.querySelectorAll("[data-shortcut='" + key + "']");
    for (var i = 0; i < targets.length; i++) {
      var el = targets[i];
      if (!visible(el)) continue;
      event.preventDefault();
      el.focus();
      if (!/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) el.click();
      return;
    }
  });

  document.addEventListener("keydown", function (event) {
    var list = event.target.closest ? event.target.closest("[data-pick-list]") : null;
    if (!list || event.altKey || event.ctrlKey || event.metaKey) return;
    var links = Array.prototype.slice.call(list.querySelectorAll("[data-pick]"));
    var at = links.indexOf(event.target);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= 0 && next < links.length) links[next].focus();
    } else if (/^[1-9]$/.test(event.key)) {
      var picked = list.querySelector("[data-pick='" + event.key + "']");
      if (picked) {
        event.preventDefault();
        picked.click();
      }
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (/Mac|iPhone|iPad/.test(navigator.platform || "")) {
      document.querySelectorAll("kbd[data-alt]").forEach(function (kbd) {
        kbd.textContent = kbd.textContent.replace("Alt+", "⌥");
      });
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

  /* [data-shown-when="<radio name>=<value>"]: a part of a form that applies only to one choice
     (the agent's fields for 委托代理人办理, the legal representative's for an organisation) is
     hidden, so out of the Tab order, while another choice is ticked. Without the script it all
     shows; a part with an error in it always shows; hidden fields keep what was typed. */
  function applyShownWhen(root) {
    (root || document).querySelectorAll("[data-shown-when]").forEach(function (part) {
      var rule = part.dataset.shownWhen.split("=");
      var form = part.closest("form");
      if (!form) return;
      var ticked = form.querySelector("input[name='" + rule[0] + "']:checked");
      var hasError = part.querySelector(".has-error, .errorlist") !== null;
      part.hidden = !hasError && (!ticked || ticked.value !== rule[1]);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLInputElement && event.target.type === "radio") {
      applyShownWhen(event.target.form);
    }
  });
  document.addEventListener("DOMContentLoaded", function () { applyShownWhen(document); });
})();
