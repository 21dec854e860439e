// Rich-text narrative editor, no build step: a <textarea data-richtext> becomes a contenteditable area with a
// toolbar (bold, italic, underline, bulleted and numbered lists, plain paragraph). The textarea stays in the
// form, hidden, and carries the HTML; the server keeps only its allow-list (reports/richtext.py). Without
// JavaScript the textarea is simply used as it is.
(function () {
  var BUTTONS = [
    ["bold", "<b>B</b>", "In đậm (Ctrl+B)"],
    ["italic", "<i>I</i>", "In nghiêng (Ctrl+I)"],
    ["underline", "<u>U</u>", "Gạch chân (Ctrl+U)"],
    ["insertUnorderedList", "• Gạch đầu dòng", "Danh sách gạch đầu dòng"],
    ["insertOrderedList", "1. Đánh số", "Danh sách đánh số"],
    ["formatBlock", "¶ Đoạn văn", "Đoạn văn thường"]
  ];
  var HTML = /<\s*\/?\s*(p|div|br|strong|b|em|i|u|ul|ol|li)\b[^>]*>/i;

  function textToHtml(text) {
    return text.split(/\r?\n/).filter(function (line) { return line.trim(); }).map(function (line) {
      var p = document.createElement("p");
      p.textContent = line.trim();
      return p.outerHTML;
    }).join("");
  }

  function enhance(textarea) {
    var wrap = document.createElement("div");
    var bar = document.createElement("div");
    var area = document.createElement("div");
    var label = document.querySelector("label[for='" + textarea.id + "']");
    wrap.className = "rte";
    bar.className = "rte-toolbar";
    bar.setAttribute("role", "toolbar");
    area.className = "rte-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    // The editable area takes the field's id, so its label and tests find what people type into.
    area.id = textarea.id;
    textarea.id = textarea.id + "-html";
    if (label) {
      label.id = label.id || area.id + "-label";
      label.htmlFor = textarea.id;
      area.setAttribute("aria-labelledby", label.id);
      bar.setAttribute("aria-label", "Định dạng: " + label.textContent.trim());
      label.addEventListener("click", function () { area.focus(); });
    }
    var value = textarea.value;
    area.innerHTML = HTML.test(value) ? value : textToHtml(value);
    if (!area.innerHTML) area.innerHTML = "<p><br></p>";

    function sync() { textarea.value = area.innerHTML; }
    function refresh() {
      bar.querySelectorAll("button[data-state]").forEach(function (button) {
        var on = false;
        try { on = document.queryCommandState(button.dataset.command); } catch (e) { on = false; }
        button.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rte-button";
      button.innerHTML = spec[1];
      button.title = spec[2];
      button.setAttribute("aria-label", spec[2]);
      button.dataset.command = spec[0];
      if (spec[0] !== "formatBlock") button.dataset.state = "1";
      // Keep the selection in the text while the button is pressed.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        area.focus();
        document.execCommand(spec[0], false, spec[0] === "formatBlock" ? "p" : null);
        sync();
        refresh();
      });
      bar.appendChild(button);
    });
    // Pasted text comes in plain: office formatting would be stripped by the server anyway.
    area.addEventListener("paste", function (event) {
      var text = (event.clipboardData || window.clipboardData).getData("text/plain");
      event.preventDefault();
      document.execCommand("insertText", false, text);
    });
    area.addEventListener("input", sync);
    area.addEventListener("keyup", refresh);
    area.addEventListener("mouseup", refresh);
    if (textarea.form) textarea.form.addEventListener("submit", sync);
    wrap.appendChild(bar);
    wrap.appendChild(area);
    textarea.parentNode.insertBefore(wrap, textarea);
    textarea.hidden = true;
    sync();
  }

  function init() {
    try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (e) { /* older browsers */ }
    document.querySelectorAll("textarea[data-richtext]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
