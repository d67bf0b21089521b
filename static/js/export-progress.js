// Keeps a report file's progress bar current while the worker builds it, and shows
// the download link when it is ready. Without JavaScript, "Check again" reloads.
(function () {
  "use strict";
  var box = document.getElementById("export-progress");
  if (!box) { return; }
  var bar = document.getElementById("export-bar");
  var status = document.getElementById("export-status");
  var ready = document.getElementById("export-ready");
  var again = document.getElementById("export-again");
  var lastText = status.textContent;
  function poll() {
    fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin" })
      .then(function (response) {
        // Signed out, or the file is gone: stop asking; "Check again" still works.
        if (!response.ok) { throw new Error("stop"); }
        return response.json();
      })
      .then(function (data) {
        bar.value = data.progress;
        bar.textContent = data.progress + "%";
        var text = data.status_label + (data.step ? ": " + data.step : "");
        if (text !== lastText) { status.textContent = text; lastText = text; }
        if (data.done) {
          ready.hidden = false;
          if (again) { again.hidden = true; }
        } else if (data.failed) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { /* leave the page as it is */ });
  }
  if (ready.hidden) { window.setTimeout(poll, 1000); }
})();
