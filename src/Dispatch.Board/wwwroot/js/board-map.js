// The command board's map: Leaflet 1.9.4 (bundled, BSD-2), no resource loaded from the internet.
// Layers: offline basemap (province + 13 city areas, WGS84 GeoJSON) · optional tile URL · pool density grid (canvas)
// · incidents (coloured by severity, ring by fill state) · committed volunteers.
const severityColours = { minor: '#607d8b', moderate: '#1e88e5', major: '#fb8c00', critical: '#d32f2f' };

export function create(element, dotnet, options) {
  const map = L.map(element, { preferCanvas: true, minZoom: 5, maxZoom: 16, zoomSnap: 0.25, zoomDelta: 0.5, worldCopyJump: false })
    .setView([32.9, 119.4], 7);
  map.attributionControl.setPrefix('Leaflet');
  if (options.tileUrl) {
    L.tileLayer(options.tileUrl, { maxZoom: 18 }).addTo(map);
  }
  const geo = JSON.parse(options.basemap);
  const basemap = L.geoJSON(geo, {
    interactive: false,
    style: f => f.properties.kind === 'province'
      ? { color: '#37474f', weight: 2, fill: !options.tileUrl, fillColor: '#f1f4f6', fillOpacity: 1 }
      : { color: '#90a4ae', weight: 1, dashArray: '4 3', fill: false },
  }).addTo(map);
  map.fitBounds(basemap.getBounds(), { padding: [8, 8] });
  const labels = L.layerGroup().addTo(map);
  for (const f of geo.features) {
    if (f.properties.kind !== 'city') continue;
    const name = options.english ? f.properties.nameEn : f.properties.nameZh;
    L.marker([f.properties.centreLat, f.properties.centreLon], {
      interactive: false, keyboard: false,
      icon: L.divIcon({ className: 'city-label', html: name, iconSize: null }),
    }).addTo(labels);
  }
  map.attributionControl.addAttribution(options.english ? 'Basemap: coarse Jiangsu outline, approximate city areas' : '底图：江苏省概略轮廓与城市近似范围');

  const density = L.layerGroup().addTo(map);
  const incidents = L.layerGroup().addTo(map);
  const volunteers = L.layerGroup().addTo(map);

  map.on('click', e => dotnet.invokeMethodAsync('OnMapClicked', e.latlng.lat, e.latlng.lng));
  const reportView = () => {
    const b = map.getBounds();
    dotnet.invokeMethodAsync('OnViewChanged', b.getSouth(), b.getWest(), b.getNorth(), b.getEast(), Math.floor(map.getZoom()));
  };
  map.on('moveend', reportView);
  reportView();

  return {
    setIncidents(list) {
      incidents.clearLayers();
      for (const i of list) {
        const colour = severityColours[i.severity] || '#607d8b';
        const state = i.filled >= i.seats ? 'full' : i.shortfall ? 'short' : 'open';
        const html = `<div class="incident-marker state-${state}${i.selected ? ' selected' : ''}${i.drill ? ' drill' : ''}" data-incident="${i.id}" style="--sev:${colour}">`
          + `<span class="dot"></span><span class="tag">${escapeHtml(i.label)}</span></div>`;
        const marker = L.marker([i.lat, i.lon], { icon: L.divIcon({ className: 'incident-icon', html, iconSize: [18, 18], iconAnchor: [9, 9] }), zIndexOffset: 1000 });
        marker.on('click', () => dotnet.invokeMethodAsync('OnIncidentClicked', i.id));
        marker.addTo(incidents);
      }
    },
    setVolunteers(list) {
      volunteers.clearLayers();
      for (const v of list) {
        const html = `<div class="volunteer-marker state-${v.state}${v.precise ? '' : ' coarse'}" data-volunteer="${v.id}" title="${escapeHtml(v.label)}"></div>`;
        L.marker([v.lat, v.lon], { icon: L.divIcon({ className: 'volunteer-icon', html, iconSize: [12, 12], iconAnchor: [6, 6] }), zIndexOffset: 500 })
          .bindTooltip(escapeHtml(v.label))
          .addTo(volunteers);
      }
    },
    setDensity(cells) {
      density.clearLayers();
      let max = 1;
      for (const c of cells) max = Math.max(max, c[4]);
      for (const [s, w, n, e, count, free] of cells) {
        const t = Math.log(1 + count) / Math.log(1 + max);
        L.rectangle([[s, w], [n, e]], {
          stroke: false, fillColor: free > 0 ? '#2e7d32' : '#9e9e9e', fillOpacity: 0.08 + 0.5 * t, interactive: false,
        }).addTo(density);
      }
      element.dataset.densityCells = String(cells.length);
    },
    focus(lat, lon) {
      map.panTo([lat, lon]);
    },
    dispose() {
      map.remove();
    },
  };
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
