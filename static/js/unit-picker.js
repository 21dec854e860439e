// The one unit picker (templates/partials/unit_picker.html): the search box asks its endpoint through htmx; a tap,
// a click or Enter on a suggestion fills the hidden input with the unit's code and shows the chosen name and
// province. Arrow keys move through the suggestions, Escape closes them.
(function () {
  function options(picker) {
    return Array.prototype.slice.call(picker.querySelectorAll(".unit-option"));
  }
  function choose(picker, option) {
    picker.querySelector("input[type=hidden]").value = option.dataset.code;
    var province = option.dataset.province ? " (" + option.dataset.province + ")" : "";
    picker.querySelector(".picker-chosen").textContent = "Đã chọn: " + option.dataset.name + province;
    close(picker);
    picker.querySelector("input[type=search]").focus();
    picker.dispatchEvent(new CustomEvent("unit-chosen", { bubbles: true, detail: { code: option.dataset.code, name: option.dataset.name } }));
  }
  function close(picker) {
    picker.querySelector(".picker-results").replaceChildren();
    picker.querySelector("input[type=search]").setAttribute("aria-expanded", "false");
  }
  document.addEventListener("click", function (event) {
    var option = event.target.closest(".unit-option");
    if (!option) return;
    var picker = option.closest(".picker");
    if (picker) choose(picker, option);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var picker = event.target.closest && event.target.closest(".picker");
    if (picker) picker.querySelector("input[type=search]").setAttribute("aria-expanded", options(picker).length ? "true" : "false");
  });
  document.addEventListener("keydown", function (event) {
    var picker = event.target.closest && event.target.closest(".picker");
    if (!picker) return;
    var list = options(picker);
    var search = picker.querySelector("input[type=search]");
    var at = list.indexOf(event.target);
    if (event.key === "Escape") { close(picker); search.focus(); event.preventDefault(); return; }
    if (event.key === "Enter" && event.target === search) {
      // Enter in the box picks the first suggestion instead of submitting the surrounding form.
      if (list.length) { event.preventDefault(); choose(picker, list[0]); }
      else { event.preventDefault(); }
      return;
    }
    if (event.key === "ArrowDown" && list.length) {
      event.preventDefault();
      list[Math.min(at + 1, list.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) search.focus(); else list[at - 1].focus();
    }
  });
})();
