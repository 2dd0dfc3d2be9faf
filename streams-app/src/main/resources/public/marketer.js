/*
 * The marketer's view of the dashboard, over the HTTP API:
 *   GET api/rfm-groups     the RFM grid's groups and the 5x5 recency-by-frequency/monetary grid
 *   GET api/concentration  revenue concentration (top 1/10/20/50 %, the Pareto curve, the headline)
 *   GET api/customers.csv  downloads (all, per segment, per group)
 *   GET api/model          candidates per k (preview) and the comparison with other methods
 *   GET api/changes/recent MODEL_UPDATE changes for the migration matrix; api/segments for sizes over time
 * A module of its own: it shares nothing with app.js but the page and Chart.js.
 */

const REFRESH_MS = 5000;
const GROUP_COLOURS = {
  'champions': '#1b7f5b', 'loyal-customers': '#2f9e75', 'potential-loyalists': '#69b98f',
  'new-customers': '#4c8fd6', 'promising': '#7fb0e3', 'need-attention': '#e0b83f',
  'about-to-sleep': '#d99a3a', 'at-risk': '#d36b3f', 'cant-lose-them': '#b23a48',
  'hibernating': '#8a8f98', 'lost': '#5b6068',
};
const GRID_GROUPS = [ // GRID[r-1][fm-1], as in the README
  ['lost', 'lost', 'at-risk', 'at-risk', 'cant-lose-them'],
  ['hibernating', 'hibernating', 'at-risk', 'at-risk', 'cant-lose-them'],
  ['about-to-sleep', 'about-to-sleep', 'need-attention', 'loyal-customers', 'loyal-customers'],
  ['promising', 'potential-loyalists', 'potential-loyalists', 'loyal-customers', 'loyal-customers'],
  ['new-customers', 'potential-loyalists', 'potential-loyalists', 'champions', 'champions'],
];

const state = { token: null, model: null, selectedK: null, sizes: [], charts: {}, migrations: new Map() };

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function pct(share, digits = 1) {
  return (100 * (Number(share) || 0)).toFixed(digits) + ' %';
}

function money(value) {
  return Number(value || 0).toLocaleString(undefined, { maximumFractionDigits: 0 });
}

function readToken() {
  const match = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash || '');
  return match ? decodeURIComponent(match[1]) : null;
}

async function api(path) {
  const headers = { Accept: 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  const response = await fetch(path, { headers, cache: 'no-store' });
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  return { ok: response.ok, status: response.status, body };
}

/** A link that downloads the CSV; with a token, fetched with the header and handed over as a blob. */
function downloadLink(label, query, testId) {
  const href = 'api/customers.csv' + (query ? '?' + query : '');
  const link = el('a', { class: 'download', href, download: '', 'data-testid': testId, text: label });
  if (state.token) {
    link.addEventListener('click', async (event) => {
      event.preventDefault();
      const response = await fetch(href, { headers: { Authorization: 'Bearer ' + state.token } });
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const a = el('a', { href: url, download: 'customers.csv' });
      document.body.append(a);
      a.click();
      a.remove();
      URL.revokeObjectURL(url);
    });
  }
  return link;
}

// ---- RFM groups ------------------------------------------------------------------------------------------

function renderGroups(view) {
  const table = $('rfm-group-rows');
  table.replaceChildren();
  for (const g of view.groups) {
    table.append(el('tr', { 'data-group': g.id },
      el('td', {}, el('span', { class: 'swatch', style: `background:${GROUP_COLOURS[g.id]}` }), g.name),
      el('td', { class: 'num', text: g.customers.toLocaleString() }),
      el('td', { class: 'num', text: pct(g.customerShare) }),
      el('td', { class: 'num', text: pct(g.revenueShare) }),
      el('td', { class: 'num', text: g.customers ? `${g.meanR.toFixed(1)} / ${g.meanF.toFixed(1)} / ${g.meanM.toFixed(1)}` : '–' }),
      el('td', {}, downloadLink('CSV', 'group=' + encodeURIComponent(g.id), 'download-group-' + g.id))));
  }
  const grid = $('rfm-grid');
  grid.replaceChildren();
  const max = Math.max(1, ...view.grid.flat());
  grid.append(el('div', { class: 'grid-corner', text: 'R \\ FM' }));
  for (let fm = 1; fm <= 5; fm++) grid.append(el('div', { class: 'grid-head', text: String(fm) }));
  for (let r = 5; r >= 1; r--) {
    grid.append(el('div', { class: 'grid-head', text: String(r) }));
    for (let fm = 1; fm <= 5; fm++) {
      const count = view.grid[r - 1][fm - 1];
      const group = GRID_GROUPS[r - 1][fm - 1];
      const alpha = 0.12 + 0.88 * Math.sqrt(count / max);
      grid.append(el('div', {
        class: 'grid-cell', 'data-testid': `rfm-cell-${r}${fm}`, 'data-group': group,
        title: `R ${r}, FM ${fm}: ${count.toLocaleString()} customers (${group})`,
        style: `background:${GROUP_COLOURS[group]};opacity:${alpha.toFixed(3)}`,
      }, el('span', { class: 'grid-count', text: count.toLocaleString() })));
    }
  }
  $('rfm-note').textContent = `${view.totalCustomers.toLocaleString()} customers scored with the quintile edges of model v${view.modelVersion}`
    + (view.uncertainRecency ? `; ${view.uncertainRecency.toLocaleString()} with an R score that depends on the hour of their last purchase` : '')
    + (view.consistent ? '' : ' (a new model is being adopted)') + '.';
}

// ---- revenue concentration ------------------------------------------------------------------------------

function renderConcentration(view) {
  $('concentration-headline').textContent = view.headline;
  const rows = $('concentration-rows');
  rows.replaceChildren();
  for (const share of view.top) {
    rows.append(el('li', { 'data-testid': 'concentration-top' },
      `Top ${pct(share.customerShare, 0)}: `, el('strong', { text: pct(share.revenueShare) }),
      share.maxError > 0.0005 ? ` ± ${pct(share.maxError)}` : ''));
  }
  const points = view.curve.map(p => ({ x: 100 * p.customerShare, y: 100 * p.revenueShare }));
  const data = {
    datasets: [
      { label: 'Share of revenue', data: points, borderColor: '#1b7f5b', backgroundColor: 'rgba(27,127,91,0.15)', fill: true, pointRadius: 0, tension: 0.1 },
      { label: 'Equal spend', data: [{ x: 0, y: 0 }, { x: 100, y: 100 }], borderColor: '#8a8f98', borderDash: [4, 4], pointRadius: 0 },
    ],
  };
  chart('concentration-chart', 'line', data, {
    scales: {
      x: { type: 'linear', min: 0, max: 100, title: { display: true, text: 'Top % of customers (by spend)' } },
      y: { min: 0, max: 100, title: { display: true, text: '% of revenue' } },
    },
  });
}

// ---- candidates and comparison ----------------------------------------------------------------------------

function segmentRows(segments) {
  return segments.map(s => el('tr', {},
    el('td', { text: s.name || s.id }),
    el('td', { class: 'num', text: Number(s.size || 0).toLocaleString() }),
    el('td', { class: 'num', text: s.mean ? Number(s.mean.recencyDays).toFixed(0) : '–' }),
    el('td', { class: 'num', text: s.mean ? Number(s.mean.frequency).toFixed(1) : '–' }),
    el('td', { class: 'num', text: s.mean ? money(s.mean.monetary) : '–' })));
}

function segmentTable(title, segments, testId) {
  return el('div', { class: 'candidate-column', 'data-testid': testId },
    el('h3', { text: title }),
    el('table', { class: 'compact' },
      el('thead', {}, el('tr', {}, ...['Segment', 'Size', 'Recency', 'Orders', 'Spend'].map(h => el('th', { text: h })))),
      el('tbody', {}, ...segmentRows(segments))));
}

function renderCandidates(model) {
  const quality = model && model.quality;
  const box = $('candidate-buttons');
  box.replaceChildren();
  if (!quality || !quality.candidates) return;
  for (const c of quality.candidates) {
    box.append(el('button', {
      type: 'button', class: 'k-button' + (c.k === quality.k ? ' in-force' : '') + (c.k === state.selectedK ? ' selected' : ''),
      'data-testid': 'candidate-k-' + c.k, title: `silhouette ${Number(c.silhouette).toFixed(3)}, inertia ${Number(c.inertia).toFixed(0)}`,
      onclick: () => { state.selectedK = c.k; renderCandidates(state.model); },
      text: 'k = ' + c.k,
    }));
  }
  const chosen = quality.candidates.find(c => c.k === state.selectedK);
  const preview = $('candidate-preview');
  preview.replaceChildren();
  if (chosen && chosen.segments) {
    preview.append(segmentTable(`Candidate k = ${chosen.k} (silhouette ${Number(chosen.silhouette).toFixed(3)})`, chosen.segments, 'candidate-preview-table'),
      segmentTable(`In force: k = ${quality.k}, v${model.version}`, model.segments, 'candidate-in-force-table'));
  } else {
    preview.append(el('p', { class: 'empty', text: 'Click a k to preview its segments next to the model in force.' }));
  }
  $('candidate-publish').textContent = state.selectedK && state.selectedK !== quality.k
    ? `To publish it: java -jar trainer/target/trainer.jar --once --k ${state.selectedK}`
    : 'To publish another k: java -jar trainer/target/trainer.jar --once --k N';
}

function renderComparison(model) {
  const rows = $('comparison-rows');
  rows.replaceChildren();
  const quality = model && model.quality;
  if (!quality) return;
  rows.append(el('tr', { 'data-method': 'k-means' },
    el('td', { text: 'k-means (published)' }), el('td', { class: 'num', text: String(quality.k) }),
    el('td', { class: 'num', text: Number(quality.silhouette).toFixed(3) }), el('td', { class: 'num', text: '–' }),
    el('td', { class: 'num', text: '1.000' }), el('td', { text: '' })));
  for (const c of quality.comparison || []) {
    const parameters = Object.entries(c.parameters || {}).filter(([k]) => k !== 'rule')
      .map(([k, v]) => `${k} ${typeof v === 'number' ? Number(v.toPrecision(3)) : v}`).join(', ');
    rows.append(el('tr', { 'data-method': c.method, 'data-testid': 'comparison-' + c.method },
      el('td', { text: c.method === 'dbscan' ? 'DBSCAN' : 'Gaussian mixture' }),
      el('td', { class: 'num', text: String(c.clusters) }),
      el('td', { class: 'num', text: c.silhouette === null || c.silhouette === undefined ? '–' : Number(c.silhouette).toFixed(3) }),
      el('td', { class: 'num', text: pct(c.noiseShare) }),
      el('td', { class: 'num', text: Number(c.adjustedRandIndex).toFixed(3) }),
      el('td', { class: 'small', text: parameters + (c.note ? ` (${c.note})` : '') })));
  }
}

// ---- migration and sizes over time ------------------------------------------------------------------------

function renderMigration(changes) {
  const moves = changes.filter(c => c.reason === 'MODEL_UPDATE' && c.previousSegment);
  const box = $('migration');
  box.replaceChildren();
  if (!moves.length) {
    box.append(el('p', { class: 'empty', 'data-testid': 'migration-empty', text: 'No customer has moved because of a model update in the recent changes.' }));
    return;
  }
  const version = Math.max(...moves.map(c => c.modelVersion));
  const latest = moves.filter(c => c.modelVersion === version);
  const from = [...new Set(latest.map(c => c.previousSegment))].sort();
  const to = [...new Set(latest.map(c => c.segment))].sort();
  const counts = new Map();
  for (const c of latest) counts.set(c.previousSegment + '>' + c.segment, (counts.get(c.previousSegment + '>' + c.segment) || 0) + 1);
  box.append(el('p', { class: 'card-sub', text: `Model v${version}: ${latest.length} customers moved (among the recent changes).` }),
    el('table', { class: 'compact', 'data-testid': 'migration-matrix' },
      el('thead', {}, el('tr', {}, el('th', { text: 'from \\ to' }), ...to.map(t => el('th', { text: t })))),
      el('tbody', {}, ...from.map(f => el('tr', {}, el('th', { text: f }),
        ...to.map(t => el('td', { class: 'num', text: counts.get(f + '>' + t) ? String(counts.get(f + '>' + t)) : '' })))))));
}

function recordSizes(segments) {
  if (!segments || !segments.segments) return;
  state.sizes.push({ at: new Date(), sizes: Object.fromEntries(segments.segments.map(s => [s.id, s.customers])) });
  if (state.sizes.length > 360) state.sizes.shift();
  const ids = [...new Set(state.sizes.flatMap(p => Object.keys(p.sizes)))];
  const palette = ['#1b7f5b', '#4c8fd6', '#d36b3f', '#8a8f98', '#e0b83f', '#b23a48', '#69b98f', '#7fb0e3'];
  const data = {
    labels: state.sizes.map(p => p.at.toLocaleTimeString()),
    datasets: ids.map((id, i) => ({ label: id, data: state.sizes.map(p => p.sizes[id] || 0), borderColor: palette[i % palette.length], pointRadius: 0, tension: 0.2 })),
  };
  chart('sizes-chart', 'line', data, { scales: { y: { beginAtZero: true, title: { display: true, text: 'customers' } } } });
}

// ---- plumbing --------------------------------------------------------------------------------------------

function chart(id, type, data, options) {
  if (!window.Chart) return;
  const existing = state.charts[id];
  if (existing) {
    existing.data = data;
    existing.update('none');
    return;
  }
  state.charts[id] = new window.Chart($(id), {
    type, data,
    options: Object.assign({ responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom' } } }, options),
  });
}

function message(id, text) {
  const node = $(id);
  if (node) node.textContent = text;
}

async function refresh() {
  const [groups, concentration, model, changes, segments] = await Promise.all([
    api('api/rfm-groups'), api('api/concentration'), api('api/model'), api('api/changes/recent?limit=200'), api('api/segments'),
  ]).catch(() => []);
  if (groups && groups.ok) renderGroups(groups.body);
  else if (groups) message('rfm-note', groups.body && groups.body.detail ? groups.body.detail : 'RFM groups are not available yet.');
  if (concentration && concentration.ok) renderConcentration(concentration.body);
  if (model && model.ok) {
    state.model = model.body;
    renderCandidates(model.body);
    renderComparison(model.body);
  }
  if (changes && changes.ok) renderMigration(Array.isArray(changes.body) ? changes.body : (changes.body.changes || []));
  if (segments && segments.ok) recordSizes(segments.body);
}

function start() {
  state.token = readToken();
  $('download-all').replaceWith(downloadLink('Download all customers (CSV)', '', 'download-all'));
  refresh();
  setInterval(refresh, REFRESH_MS);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
