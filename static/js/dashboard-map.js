// The dashboards' map (Leaflet, vendored; no tile server, no request to another origin). The data comes from
// /api/v1/dashboards/map/ and the boundary files are the application's own static files.
(function () {
  "use strict";
  var COLOURS = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
  var GOOD = ["#7f2704", "#d94801", "#fd8d3c", "#fdd0a2", "#f7fcf5"];
  function vn(n) {
    return n === null || n === undefined ? "không có số liệu" : Number(n).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
  }
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }
  // Leaflet puts a string tooltip in with innerHTML; a unit's name goes in as text.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }
  function classOf(value, scale) {
    if (value === null || value === undefined) return -1;
    var span = scale.max - scale.min;
    if (span <= 0) return 2;
    return Math.min(4, Math.floor(((value - scale.min) / span) * 5));
  }
  function colour(value, data) {
    var k = classOf(value, data.scale);
    if (k < 0) return "#d9d9d9";
    return (data.layer.higher_is_worse ? COLOURS : GOOD)[k];
  }
  function legend(map, data) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      var span = (data.scale.max - data.scale.min) / 5;
      // DOM nodes, not HTML: the layer's label and unit can be an indicator a province named (report configuration).
      var title = document.createElement("strong");
      title.textContent = data.layer.label + " (" + data.layer.unit + ")";
      div.appendChild(title);
      function row(colour, label) {
        var line = document.createElement("div");
        var swatch = document.createElement("i");
        swatch.className = "swatch";
        swatch.style.background = colour;
        line.appendChild(swatch);
        line.appendChild(document.createTextNode(" " + label));
        div.appendChild(line);
      }
      for (var k = 0; k < 5; k++) {
        var from = data.scale.min + span * k;
        row((data.layer.higher_is_worse ? COLOURS : GOOD)[k], vn(from) + " – " + vn(from + span));
      }
      row("#d9d9d9", "không có số liệu");
      return div;
    };
    control.addTo(map);
  }
  function table(data) {
    var body = document.querySelector("#map-table tbody");
    if (!body) return;
    data.units.forEach(function (u) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-unit", u.code);
      var a = document.createElement("a");
      a.href = u.drill || u.dashboard;
      a.textContent = u.name;
      var td = document.createElement("td");
      td.appendChild(a);
      var v = document.createElement("td");
      v.className = "num";
      v.textContent = vn(u.value);
      tr.appendChild(td);
      tr.appendChild(v);
      body.appendChild(tr);
    });
  }
  function archipelagos(map, geo) {
    geo.features.forEach(function (f) {
      var b = f.properties.bbox;
      L.rectangle([[b[1], b[0]], [b[3], b[2]]], { color: "#b22222", weight: 1, dashArray: "4 4", fill: false, interactive: false }).addTo(map);
      L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], { radius: 3, color: "#b22222" })
        .bindTooltip(text(f.properties.name + " (Việt Nam)"), { permanent: true, direction: "right", className: "map-label" })
        .addTo(map);
    });
  }
  function start() {
    var el = document.getElementById("map");
    if (!el || !window.L) return;
    var status = document.getElementById("map-status");
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" rel="noopener">Leaflet</a>');
    map.attributionControl.addAttribution(el.getAttribute("data-attribution"));
    map.setView([16, 106], 5);
    Promise.all([getJSON(el.getAttribute("data-api")), getJSON(el.getAttribute("data-provinces")), getJSON(el.getAttribute("data-archipelagos"))])
      .then(function (all) {
        var data = all[0], provinces = all[1];
        var byCode = {};
        data.units.forEach(function (u) { byCode[u.code] = u; });
        var national = data.unit === null;
        var shown = L.geoJSON(provinces, {
          filter: function (f) { return national || f.properties.code === data.province.code; },
          style: function (f) {
            var u = byCode[f.properties.code];
            return { color: "#555", weight: 1, fillOpacity: national ? 0.8 : 0.1, fillColor: national && u ? colour(u.value, data) : "#eeeeee" };
          },
          onEachFeature: function (f, layer) {
            var u = byCode[f.properties.code];
            if (!national || !u) return;
            layer.bindTooltip(text(u.name + ": " + vn(u.value)));
            layer.on("click", function () { window.location.href = u.drill || u.dashboard; });
            layer.on("add", function () {
              var path = layer.getElement && layer.getElement();
              if (path) { path.setAttribute("data-unit", u.code); path.setAttribute("role", "link"); path.setAttribute("aria-label", u.name + ": " + vn(u.value)); }
            });
          },
        }).addTo(map);
        if (!national) {
          var values = data.units.map(function (u) { return u.value || 0; });
          var max = Math.max.apply(null, values.concat([1]));
          data.units.forEach(function (u) {
            if (u.area) {
              // An imported commune boundary: the area instead of the point.
              var a = L.geoJSON(u.area, { style: { color: "#333", weight: 1, fillColor: colour(u.value, data), fillOpacity: 0.8 } })
                .bindTooltip(text(u.name + ": " + vn(u.value))).addTo(map);
              a.on("click", function () { window.location.href = u.drill || u.dashboard; });
              a.eachLayer(function (l) { var e = l.getElement && l.getElement(); if (e) { e.setAttribute("data-unit", u.code); e.setAttribute("role", "link"); e.setAttribute("aria-label", u.name + ": " + vn(u.value)); } });
              return;
            }
            if (u.lat === null || u.lon === null) return;
            var m = L.circleMarker([u.lat, u.lon], {
              radius: 4 + 10 * Math.sqrt((u.value || 0) / max),
              color: "#333", weight: 1, fillColor: colour(u.value, data), fillOpacity: 0.9,
            }).bindTooltip(text(u.name + ": " + vn(u.value))).addTo(map);
            m.on("click", function () { window.location.href = u.drill || u.dashboard; });
            m.on("add", function () { var p = m.getElement(); if (p) p.setAttribute("data-unit", u.code); });
            var p = m.getElement && m.getElement();
            if (p) p.setAttribute("data-unit", u.code);
          });
        }
        archipelagos(map, all[2]);
        if (shown.getLayers().length) map.fitBounds(shown.getBounds(), { padding: [10, 10] });
        legend(map, data);
        table(data);
        if (status) status.textContent = data.layer.label + " — " + data.units.length + " đơn vị.";
        el.setAttribute("data-ready", "1");
      })
      .catch(function () { if (status) status.textContent = "Không tải được dữ liệu bản đồ."; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
