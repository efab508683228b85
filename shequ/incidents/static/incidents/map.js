// Draws the open incidents of the page's data (#incident-map-data) on a Leaflet map without tiles:
// a circle per case (red when overdue) linking to the case, and each unit's name where its cases
// are. Without JavaScript (or Leaflet) the map stays hidden and the table below is the page.
(function () {
  "use strict";
  function draw() {
    var container = document.getElementById("incident-map");
    var source = document.getElementById("incident-map-data");
    if (!container || !source || typeof L === "undefined") return;
    var data = JSON.parse(source.textContent);
    if (!data.points.length) return;
    container.hidden = false;
    var map = L.map(container, { attributionControl: false, zoomSnap: 0.5 });
    var bounds = [];
    data.points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lng], {
        radius: 8,
        color: point.overdue ? "#b3261e" : "#0b5cab",
        fillOpacity: 0.7,
        weight: 2,
      }).addTo(map);
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.label;
      marker.bindPopup(link);
      bounds.push([point.lat, point.lng]);
    });
    data.units.forEach(function (unit) {
      var name = document.createElement("span");
      name.textContent = unit.name; // a text node: never read as markup
      L.tooltip({ permanent: true, direction: "center", className: "unit-label" })
        .setLatLng([unit.lat, unit.lng])
        .setContent(name)
        .addTo(map);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
