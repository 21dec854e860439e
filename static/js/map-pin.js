// The optional map pin of the public feedback form: a tap (or click) on the map drops the pin, fills the hidden
// latitude/longitude, and — when the sender has not chosen a commune — asks the server for the nearest commune
// (geo/nearest.py) and fills the picker with it. No tiles: only the province boundaries (same-origin GeoJSON).
(function () {
  function init() {
    var box = document.querySelector(".map-pin");
    if (!box || typeof L === "undefined") return;
    var form = box.closest("form");
    var lat = form.querySelector("input[name=latitude]");
    var lng = form.querySelector("input[name=longitude]");
    var status = box.querySelector(".pin-status");
    var picker = form.querySelector(".picker");
    var unitInput = picker && picker.querySelector("input[type=hidden]");
    var chosenText = picker && picker.querySelector(".picker-chosen");
    var filledByPin = false;

    var map = L.map(box.querySelector(".pin-map"), { center: [16.2, 106.5], zoom: 5, minZoom: 4, maxZoom: 14,
      attributionControl: true });
    box.pinMap = map; // for the browser test, which drops the pin at a commune's pixel
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Ranh giới tỉnh: © Open Development Mekong / Open Development Vietnam, CC BY-SA 4.0");
    fetch(box.dataset.boundaries).then(function (r) { return r.json(); }).then(function (data) {
      L.geoJSON(data, { style: { color: "#7a5c00", weight: 1, fillColor: "#f6efd9", fillOpacity: 0.6 },
        interactive: false }).addTo(map);
    });
    var marker = null;

    function show(text) { status.textContent = text; }

    function drop(latlng) {
      var la = Math.round(latlng.lat * 1e5) / 1e5, ln = Math.round(latlng.lng * 1e5) / 1e5;
      lat.value = la; lng.value = ln;
      if (marker) marker.setLatLng(latlng);
      else marker = L.circleMarker(latlng, { radius: 9, color: "#b00020", weight: 3, fillOpacity: 0.5 }).addTo(map);
      show("Đã ghim: " + la + ", " + ln + ".");
      if (!unitInput || (unitInput.value && !filledByPin)) return;
      fetch(box.dataset.nearest + "?lat=" + la + "&lng=" + ln, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (!res.ok) { show("Đã ghim: " + la + ", " + ln + ". " + res.body.error); return; }
          unitInput.value = res.body.code;
          filledByPin = true;
          var where = res.body.name + (res.body.province ? ", " + res.body.province : "");
          chosenText.textContent = "Đã chọn theo vị trí ghim: " + where + " (mã " + res.body.code + ") — kiểm tra lại";
          show("Đã ghim: " + la + ", " + ln + ". Địa bàn gợi ý: " + where + ".");
        });
    }

    map.on("click", function (e) { drop(e.latlng); });
    if (picker) picker.addEventListener("unit-chosen", function () { filledByPin = false; });
    box.querySelector(".pin-clear").addEventListener("click", function () {
      lat.value = ""; lng.value = "";
      if (marker) { map.removeLayer(marker); marker = null; }
      if (filledByPin) { unitInput.value = ""; chosenText.textContent = ""; filledByPin = false; }
      show("Chưa ghim vị trí.");
    });
    if (lat.value && lng.value) drop(L.latLng(parseFloat(lat.value), parseFloat(lng.value)));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
