// The menu button on narrow screens (templates/base.html). A static file, not an onclick attribute: the
// Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".nav-toggle").forEach(function (button) {
    var nav = document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) return;
    button.addEventListener("click", function () {
      nav.classList.toggle("open");
      button.setAttribute("aria-expanded", String(nav.classList.contains("open")));
    });
  });
});
