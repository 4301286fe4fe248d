// A PDF's viewer on the dossier reviewer page is created when the reviewer asks for it
// (a button per file), never for the whole page at once.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-preview-load]");
  if (!button) return;
  var box = button.closest("[data-preview-src]");
  var frame = document.createElement("iframe");
  frame.src = box.dataset.previewSrc;
  frame.title = box.dataset.previewTitle;
  frame.className = "w-100 border";
  frame.style.height = "80vh";
  box.replaceWith(frame);
});
