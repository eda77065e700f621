// Replies panel: Alt+1..5 inserts the n-th suggested template, "t" focuses the template search;
// after an insert the first [[placeholder]] is selected, so the agent types over it.
(function () {
  "use strict";
  if (window.repliesKeys) return; // the panel can be swapped in again by htmx
  window.repliesKeys = true;
  document.addEventListener("htmx:afterSettle", function () {
    var box = document.querySelector("#reply-text[data-select-placeholder]");
    if (!box) return;
    box.removeAttribute("data-select-placeholder");
    var found = /\[\[[^\[\]\n]+\]\]/.exec(box.value);
    if (!found) return;
    box.focus();
    box.setSelectionRange(found.index, found.index + found[0].length);
  });
  document.addEventListener("keydown", function (e) {
    // e.code, not e.key: on a Mac Alt+1 types "¡".
    var digit = /^Digit([1-9])$/.exec(e.code || "");
    if (e.altKey && !e.ctrlKey && !e.metaKey && digit) {
      var button = document.querySelector('#template-suggestions [data-insert-key="' + digit[1] + '"]');
      if (button) {
        e.preventDefault();
        // The panel may have just been swapped in: make sure htmx handles the form before the
        // click, or the browser would post it itself and leave the page for the bare partial.
        if (window.htmx && button.form) window.htmx.process(button.form);
        button.click();
      }
      return;
    }
    var typing = e.target && (e.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName));
    if (!typing && !e.altKey && !e.ctrlKey && !e.metaKey && e.key === "t") {
      var search = document.getElementById("template-search");
      if (search) { e.preventDefault(); search.focus(); }
    }
  });
})();
