// The portal's public map: province boundaries and one circle per commune sized by its number of cases (the last
// year, one topic or all), from the open-data release. No tiles, no other origin.
(function () {
  // Leaflet puts a string tooltip or popup in with innerHTML; names go in as text.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }
  function init() {
    var el = document.getElementById("public-map");
    if (!el || typeof L === "undefined") return;
    var map = L.map(el, { center: [16.2, 106.5], zoom: 5, minZoom: 4, maxZoom: 12 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Ranh giới tỉnh: © Open Development Mekong / Open Development Vietnam, CC BY-SA 4.0");
    fetch(el.dataset.boundaries).then(function (r) { return r.json(); }).then(function (data) {
      L.geoJSON(data, { style: { color: "#7a5c00", weight: 1, fillColor: "#f6efd9", fillOpacity: 0.6 }, interactive: false }).addTo(map).bringToBack();
    });
    fetch(el.dataset.islands).then(function (r) { return r.json(); }).then(function (data) {
      L.geoJSON(data, { pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 4, color: "#7a5c00" }).bindTooltip(text(f.properties.name), { permanent: true, direction: "right" });
      } }).addTo(map);
    });
    var layer = L.layerGroup().addTo(map);
    var total = document.querySelector(".map-total");
    function load(topic) {
      fetch(el.dataset.points + (topic ? "?linh-vuc=" + encodeURIComponent(topic) : "")).then(function (r) { return r.json(); }).then(function (data) {
        layer.clearLayers();
        var sum = 0;
        (data.points || []).forEach(function (p) {
          sum += p.cases;
          L.circleMarker([p.lat, p.lng], { radius: Math.min(4 + Math.sqrt(p.cases) * 2, 30), color: "#b00020", weight: 1, fillOpacity: 0.45 })
            .bindPopup(text(p.name + ", " + p.province + ": " + p.cases.toLocaleString("vi-VN") + " ý kiến")).addTo(layer);
        });
        total.textContent = data.error ? data.error : "Tổng: " + sum.toLocaleString("vi-VN") + " ý kiến tại " + (data.points || []).length.toLocaleString("vi-VN") + " địa bàn.";
      });
    }
    var select = document.getElementById("map-topic");
    select.addEventListener("change", function () { load(select.value); });
    load(select.value);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
