// The office desk's little script: files dropped on a drop zone, a run's progress (server-sent events),
// and the proofs shown as each is drawn.
"use strict";
document.querySelectorAll("[data-drop]").forEach(function (zone) {
  var input = zone.querySelector("input[type=file]");
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) { input.files = event.dataTransfer.files; }
  });
});
document.querySelectorAll("[data-events]").forEach(function (section) {
  if (section.dataset.state !== "running") { return; }
  var bar = section.querySelector("progress"), done = section.querySelector("[data-done]");
  var total = section.querySelector("[data-total]"), left = section.querySelector("[data-left]");
  var state = section.querySelector("[data-state-text]");
  var source = new EventSource(section.dataset.events);
  source.onmessage = function (message) {
    var s = JSON.parse(message.data);
    done.textContent = s.done; if (s.total) { total.textContent = s.total; bar.max = s.total; }
    bar.value = s.done;
    left.textContent = s.seconds_left === null ? "" : " · " + left.dataset.word.replace("{s}", s.seconds_left);
    if (s.state !== "running") {
      source.close();
      state.textContent = state.dataset[s.state + "Text"] || "";
      window.location.reload();
    }
  };
});
document.querySelectorAll("[data-proofs]").forEach(function (pages) {
  var shown = pages.querySelectorAll("img").length;
  function poll() {
    fetch(pages.dataset.proofs, { credentials: "same-origin" }).then(function (answer) {
      return answer.json();
    }).then(function (drawn) {
      drawn.images.slice(shown).forEach(function (src) {
        var image = document.createElement("img");
        shown += 1;
        image.src = src;
        image.alt = pages.dataset.alt.replace("{n}", shown);
        pages.appendChild(image);
      });
      if (drawn.drawing) { window.setTimeout(poll, 400); return; }
      if (!shown) { window.location.reload(); return; }
      document.querySelectorAll(".drawing").forEach(function (line) { line.remove(); });
    });
  }
  poll();
});
