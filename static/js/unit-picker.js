// Unit picker: the input asks /don-vi/chon/ through htmx; a click (or Enter) on a result
// fills the hidden input with the unit's code and shows the chosen name.
(function () {
  function choose(picker, option) {
    picker.querySelector("input[type=hidden]").value = option.dataset.code;
    picker.querySelector(".picker-chosen").textContent = "Đã chọn: " + option.dataset.name + " (mã " + option.dataset.code + ")";
    picker.querySelector(".picker-results").innerHTML = "";
    picker.dispatchEvent(new CustomEvent("unit-chosen", { bubbles: true, detail: { code: option.dataset.code, name: option.dataset.name } }));
  }
  document.addEventListener("click", function (event) {
    var option = event.target.closest(".unit-option");
    if (!option) return;
    var picker = option.closest(".picker");
    if (picker) choose(picker, option);
  });
  document.addEventListener("keydown", function (event) {
    var picker = event.target.closest && event.target.closest(".picker");
    if (!picker || event.key !== "ArrowDown" || event.target.tagName !== "INPUT") return;
    var first = picker.querySelector(".unit-option");
    if (first) { event.preventDefault(); first.focus(); }
  });
})();
