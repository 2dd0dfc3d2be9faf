/*
 * rfm-stream dashboard. Uses only the streams-app's HTTP API (relative URLs, so it works behind a path prefix):
 *   GET  api/model, api/segments, api/segments/{id}/customers?limit=, api/customers/{id}
 *   POST api/score
 *   GET  api/changes/recent?limit= and the Server-Sent Events stream api/changes/stream (event "segment-change")
 * Every answer may be missing fields or be an error ({error, detail}; 503 with Retry-After while no model is
 * loaded or the stores rebalance): the page then says so and keeps polling instead of breaking.
 */
(function () {
  'use strict';

  const POLL_MS = 5000;
  const SCATTER_MS = 30000;
  const SAMPLE_PER_SEGMENT = 200;
  const FEED_MAX_ITEMS = 100;
  const FEED_HISTORY = 50;
  const DAY_MS = 86400000;

  // Colours are fixed per well-known segment id, so a segment looks the same in every chart and on every run.
  const SEGMENT_COLOURS = {
    'champions': '#15803d',
    'loyal': '#0d9488',
    'potential-loyalists': '#2563eb',
    'new-customers': '#0891b2',
    'promising': '#7c3aed',
    'need-attention': '#ca8a04',
    'about-to-sleep': '#a16207',
    'at-risk': '#ea580c',
    'cant-lose': '#db2777',
    'cannot-lose': '#db2777',
    'hibernating': '#64748b',
    'lost': '#dc2626',
    'unassigned': '#94a3b8',
  };
  const FALLBACK_COLOURS = ['#9333ea', '#0284c7', '#65a30d', '#be123c', '#4f46e5', '#b45309', '#0f766e', '#c026d3'];

  const state = {
    model: null,
    modelStatus: 'loading',
    segments: null,
    names: {},      // segment id -> display name
    actions: {},    // segment id -> action
    order: [],      // segment ids in the model's order
    charts: {},
    changesSeen: 0,
    feedKeys: new Set(),
    lastScatterAt: 0,
    scatterModelVersion: null,
    token: null,
  };

  // ---- small helpers -------------------------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'style') node.setAttribute('style', value);
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function num(value) {
    if (value === null || value === undefined || value === '') return null;
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? n : null;
  }

  function pick(object, ...names) {
    if (!object) return undefined;
    for (const name of names) {
      const path = name.split('.');
      let value = object;
      for (const part of path) value = value == null ? undefined : value[part];
      if (value !== undefined && value !== null) return value;
    }
    return undefined;
  }

  const intFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
  const moneyFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const compactFormat = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
  const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  const fmtInt = (v) => (num(v) === null ? '–' : intFormat.format(num(v)));
  const fmtMoney = (v) => (num(v) === null ? '–' : moneyFormat.format(num(v)));
  const fmtMoneyShort = (v) => (num(v) === null ? '–' : (Math.abs(num(v)) >= 100000 ? compactFormat.format(num(v)) : moneyFormat.format(num(v))));
  const fmtOne = (v) => (num(v) === null ? '–' : oneDecimal.format(num(v)));

  /** The API's shares are fractions (0..1); the page keeps them as percentages (0..100), converted once. */
  function share(value) {
    const n = num(value);
    return n === null ? null : n * 100;
  }
  /** A percentage (0..100) for people: one decimal under 10 %. */
  const fmtPct = (v) => (num(v) === null ? '–' : (num(v) < 10 ? oneDecimal.format(num(v)) : intFormat.format(num(v))) + ' %');

  function parseTime(value) {
    if (!value) return null;
    const t = Date.parse(value);
    return Number.isFinite(t) ? new Date(t) : null;
  }

  function fmtDate(value) {
    const d = parseTime(value);
    if (!d) return '–';
    return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  }

  function fmtDateTime(value) {
    const d = parseTime(value);
    if (!d) return '–';
    return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';
  }

  function fmtAgo(value) {
    const d = parseTime(value);
    if (!d) return '';
    const seconds = Math.round((Date.now() - d.getTime()) / 1000);
    if (seconds < 0) return 'just now';
    if (seconds < 60) return seconds + ' s ago';
    if (seconds < 3600) return Math.round(seconds / 60) + ' min ago';
    if (seconds < 172800) return Math.round(seconds / 3600) + ' h ago';
    if (seconds < 45 * 86400) return Math.round(seconds / 86400) + ' days ago';
    return 'on ' + fmtDate(value);
  }

  function hashIndex(text, size) {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    return Math.abs(h) % size;
  }

  function colourOf(id) {
    if (!id) return SEGMENT_COLOURS.unassigned;
    return SEGMENT_COLOURS[id] || FALLBACK_COLOURS[hashIndex(String(id), FALLBACK_COLOURS.length)];
  }

  function withAlpha(hex, alpha) {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }

  function nameOf(id) {
    if (id === null || id === undefined) return 'None';
    if (state.names[id]) return state.names[id];
    if (id === 'unassigned') return 'Not assigned yet';
    return String(id).split(/[-_]/).map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w)).join(' ');
  }

  function segmentPill(id, name, large) {
    return el('span', { class: 'pill' + (large ? ' large' : ''), style: `--seg: ${colourOf(id)}`, 'data-segment': id || '' },
      el('span', { class: 'seg-dot' }), name || nameOf(id));
  }

  function segmentLabel(id, name) {
    return el('span', { class: 'seg', style: `--seg: ${colourOf(id)}` }, el('span', { class: 'seg-dot' }), name || nameOf(id));
  }

  // ---- API access ----------------------------------------------------------------------------------------

  function readToken() {
    // An API token (when the server requires one) may be given once as #token=...; it is kept for this tab only.
    const match = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash);
    if (match) {
      sessionStorage.setItem('rfm.apiToken', decodeURIComponent(match[1]));
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    return sessionStorage.getItem('rfm.apiToken');
  }

  /** {ok, status, body, retryAfter, detail}; never throws. status 0 means the server could not be reached. */
  async function api(path, options) {
    const headers = { Accept: 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    let response;
    try {
      response = await fetch(path, Object.assign({ headers, cache: 'no-store' }, options, {
        headers: Object.assign(headers, options && options.headers),
      }));
    } catch (e) {
      return { ok: false, status: 0, body: null, retryAfter: null, detail: 'The dashboard cannot reach the server.' };
    }
    let body = null;
    try {
      const text = await response.text();
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = null;
    }
    const retryAfter = num(response.headers.get('Retry-After'));
    const detail = body && (body.detail || body.error) ? String(body.detail || body.error) : `HTTP ${response.status}`;
    return { ok: response.ok, status: response.status, body, retryAfter, detail };
  }

  // ---- the banner: one place that says why data is missing ---------------------------------------------

  function showBanner(kind, title, detail) {
    const banner = $('banner');
    banner.hidden = false;
    banner.dataset.state = kind;
    $('banner-title').textContent = title;
    $('banner-detail').textContent = detail || '';
  }

  function hideBanner() {
    const banner = $('banner');
    banner.hidden = true;
    banner.dataset.state = '';
  }

  // ---- polling -------------------------------------------------------------------------------------------

  async function refresh() {
    let delay = POLL_MS;
    try {
      const [model, segments] = await Promise.all([api('api/model'), api('api/segments')]);
      delay = Math.max(delay, applyModel(model));
      if (segments.ok && segments.body) applySegments(segments.body);
      else if (model.ok && segments.status === 503) {
        showBanner('rebalancing', 'Segment statistics are briefly unavailable',
          segments.detail + ' Retrying in ' + (segments.retryAfter || POLL_MS / 1000) + ' s.');
        delay = Math.max(delay, (segments.retryAfter || 0) * 1000);
      }
      if (state.model && shouldRefreshScatter()) refreshScatter();
      $('updated-at').textContent = 'Updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      console.error('refresh failed', e);
    } finally {
      setTimeout(refresh, document.hidden ? Math.max(delay, 15000) : delay);
    }
  }

  /** Applies GET api/model; returns how long to wait before asking again (0 for the normal rhythm). */
  function applyModel(answer) {
    if (answer.ok && answer.body && Array.isArray(answer.body.segments) && answer.body.segments.length) {
      hideBanner();
      state.modelStatus = 'ok';
      setModel(answer.body);
      return 0;
    }
    if (answer.status === 0) {
      state.modelStatus = 'offline';
      showBanner('offline', 'The streams-app cannot be reached', 'Showing the last figures received. Retrying every few seconds.');
      return 0;
    }
    if (answer.status === 401 || answer.status === 403) {
      state.modelStatus = 'unauthorized';
      showBanner('unauthorized', 'This API needs a token',
        'Open the dashboard as …/#token=YOUR_API_TOKEN (kept for this browser tab only).');
      return 0;
    }
    if (answer.status === 503 && state.model) {
      showBanner('rebalancing', 'The service is rebalancing', answer.detail + ' Retrying in ' + (answer.retryAfter || 5) + ' s.');
      return (answer.retryAfter || 0) * 1000;
    }
    if (answer.status === 404 || answer.status === 503 || (answer.ok && !state.model)) {
      state.modelStatus = 'waiting';
      showBanner('waiting', 'Waiting for the first model…',
        'Customers are being collected; segments appear here as soon as the trainer publishes a model. This page refreshes by itself.');
      setEmptyCharts('Waiting for the first model…');
      return (answer.retryAfter || 0) * 1000;
    }
    showBanner('error', 'The model could not be read', answer.detail);
    return 0;
  }

  // ---- model ---------------------------------------------------------------------------------------------

  function setModel(model) {
    const changed = !state.model || state.model.version !== model.version;
    state.model = model;
    state.order = [];
    for (const segment of model.segments || []) {
      if (!segment || !segment.id) continue;
      state.order.push(segment.id);
      if (segment.name) state.names[segment.id] = segment.name;
      if (segment.action) state.actions[segment.id] = segment.action;
    }
    const quality = model.quality || {};
    const k = num(quality.k) ?? state.order.length;
    $('model-badge').textContent = `Model v${fmtInt(model.version)}` + (model.trainedAt ? ` · trained ${fmtAgo(model.trainedAt)}` : '');
    $('model-badge').dataset.state = 'ok';
    $('model-version').textContent = 'v' + fmtInt(model.version);
    $('model-trained').textContent = fmtAgo(model.trainedAt) || '–';
    $('model-trained').title = fmtDateTime(model.trainedAt);
    $('model-k').textContent = fmtInt(k);
    const silhouette = num(quality.silhouette);
    const level = silhouette === null ? null : silhouette >= 0.5 ? 'strong' : silhouette >= 0.25 ? 'fair' : 'weak';
    $('model-silhouette').replaceChildren(silhouette === null ? '–' : silhouette.toFixed(2),
      level ? el('span', { class: 'quality', 'data-quality': level, title: 'How well separated the segments are (−1 to 1)' }, level) : '');
    $('model-customers').textContent = num(model.trainingCustomers) === null ? '–' : fmtInt(model.trainingCustomers) + ' customers';
    $('model-asof').textContent = fmtDate(model.asOf);
    $('model-asof').title = fmtDateTime(model.asOf);
    $('kpi-segments').textContent = fmtInt(k);
    $('kpi-segments-note').textContent = `model v${fmtInt(model.version)}` + (model.trainedAt ? `, ${fmtAgo(model.trainedAt)}` : '');
    renderCandidates(model);
    renderPresets(model);
    if (changed) state.lastScatterAt = 0;
  }

  function renderCandidates(model) {
    const quality = model.quality || {};
    const candidates = (Array.isArray(quality.candidates) ? quality.candidates : [])
      .filter((c) => c && num(c.k) !== null)
      .sort((a, b) => a.k - b.k);
    if (!candidates.length) {
      chartMessage('candidates-chart', 'This model carries no candidate list.');
      return;
    }
    const chosen = num(quality.k);
    const labels = candidates.map((c) => 'k = ' + c.k);
    const radius = candidates.map((c) => (c.k === chosen ? 6 : 3));
    const data = {
      labels,
      datasets: [
        {
          label: 'Inertia (lower is tighter)', data: candidates.map((c) => num(c.inertia)), yAxisID: 'inertia',
          borderColor: '#4f46e5', backgroundColor: '#4f46e5', pointRadius: radius, pointHoverRadius: 7, tension: 0.2,
        },
        {
          label: 'Silhouette (higher is better)', data: candidates.map((c) => num(c.silhouette)), yAxisID: 'silhouette',
          borderColor: '#16a34a', backgroundColor: '#16a34a', pointRadius: radius, pointHoverRadius: 7, tension: 0.2,
          borderDash: [5, 3],
        },
      ],
    };
    upsertChart('candidates-chart', () => ({
      type: 'line',
      data,
      options: baseOptions({
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 2, padding: 12 } },
          subtitle: { display: chosen !== null, text: chosen !== null ? `chosen: k = ${chosen}` : '', align: 'end', color: '#64748b', padding: { bottom: 4 } },
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label.split(' (')[0]}: ${ctx.parsed.y === null ? '–' : ctx.dataset.yAxisID === 'silhouette' ? ctx.parsed.y.toFixed(3) : intFormat.format(ctx.parsed.y)}` } },
        },
        scales: {
          x: { grid: { display: false } },
          inertia: { position: 'left', title: { display: true, text: 'inertia' }, ticks: { callback: (v) => compactFormat.format(v) } },
          silhouette: { position: 'right', title: { display: true, text: 'silhouette' }, grid: { drawOnChartArea: false } },
        },
      }),
    }), (chart) => {
      chart.data.labels = data.labels;
      chart.data.datasets.forEach((dataset, i) => Object.assign(dataset, data.datasets[i]));
      chart.options.plugins.subtitle.text = chosen !== null ? `chosen: k = ${chosen}` : '';
    });
  }

  function renderPresets(model) {
    const box = $('score-presets');
    const typical = (model.segments || []).filter((s) => s && s.mean && num(s.mean.frequency) !== null);
    if (!typical.length) {
      box.replaceChildren();
      return;
    }
    box.replaceChildren('Start from a typical:', ...typical.map((s) => el('button', {
      type: 'button', class: 'preset', style: `--seg: ${colourOf(s.id)}`, 'data-segment': s.id,
      onclick: () => {
        $('score-recency').value = Math.round(num(s.mean.recencyDays) ?? 0);
        $('score-frequency').value = Math.max(1, Math.round(num(s.mean.frequency) ?? 1));
        $('score-monetary').value = (num(s.mean.monetary) ?? 0).toFixed(2);
        score();
      },
    }, segmentLabel(s.id, s.name))));
  }

  // ---- segments ------------------------------------------------------------------------------------------

  /** The statistics of one segment, whatever the exact field names of the answer. */
  function normaliseSegment(raw, totals) {
    const id = pick(raw, 'id', 'segment', 'segmentId');
    const customers = num(pick(raw, 'customers', 'count', 'size', 'customerCount'));
    let customerShare = share(pick(raw, 'customerShare', 'shareOfCustomers'));
    if (customerShare === null && customers !== null && totals.customers) customerShare = 100 * customers / totals.customers;
    const revenue = num(pick(raw, 'revenue', 'monetarySum', 'totalMonetary'));
    let revenueShare = share(pick(raw, 'revenueShare', 'shareOfRevenue'));
    if (revenueShare === null && revenue !== null && totals.revenue) revenueShare = 100 * revenue / totals.revenue;
    return {
      id,
      name: pick(raw, 'name', 'segmentName') || nameOf(id),
      action: pick(raw, 'action') || state.actions[id] || '',
      inModel: raw.inModel !== undefined ? raw.inModel !== false : state.order.includes(id),
      customers,
      customerShare,
      revenue,
      revenueShare,
      recency: num(pick(raw, 'meanRecencyDays', 'mean.recencyDays', 'recencyDays', 'meanRecency')),
      frequency: num(pick(raw, 'meanFrequency', 'mean.frequency', 'frequency')),
      monetary: num(pick(raw, 'meanMonetary', 'mean.monetary', 'monetary')),
    };
  }

  function applySegments(body) {
    const list = Array.isArray(body) ? body : Array.isArray(body.segments) ? body.segments : [];
    let totalCustomers = num(body.totalCustomers);
    let totalRevenue = num(body.totalRevenue);
    if (totalCustomers === null) totalCustomers = list.reduce((sum, s) => sum + (num(pick(s, 'customers', 'count', 'size')) || 0), 0);
    if (totalRevenue === null) {
      const revenues = list.map((s) => num(pick(s, 'revenue', 'monetarySum')));
      totalRevenue = revenues.every((r) => r !== null) && revenues.length ? revenues.reduce((a, b) => a + b, 0) : null;
    }
    const rows = list.filter((s) => s && pick(s, 'id', 'segment', 'segmentId'))
      .map((s) => normaliseSegment(s, { customers: totalCustomers, revenue: totalRevenue }));
    // the model's order first, then groups outside the model (e.g. customers not assigned yet)
    rows.sort((a, b) => rank(a) - rank(b));
    state.segments = { rows, totalCustomers, totalRevenue, asOf: body.asOf || null, modelVersion: body.modelVersion };
    for (const row of rows) if (row.name && row.inModel) state.names[row.id] = row.name;

    $('kpi-customers').textContent = fmtInt(totalCustomers);
    const unassigned = rows.filter((r) => !r.inModel).reduce((sum, r) => sum + (r.customers || 0), 0);
    $('kpi-customers-note').textContent = unassigned ? `${fmtInt(unassigned)} not in a segment yet` : (body.asOf ? `as of ${fmtDateTime(body.asOf)}` : '');
    $('kpi-revenue').textContent = fmtMoneyShort(totalRevenue);
    const inModel = rows.filter((r) => r.inModel && r.revenueShare !== null);
    const top = inModel.slice().sort((a, b) => b.revenueShare - a.revenueShare)[0];
    if (top) {
      $('kpi-top').textContent = fmtPct(top.revenueShare);
      $('kpi-top-note').replaceChildren(segmentLabel(top.id, top.name), ` · ${fmtPct(top.customerShare)} of customers`);
      $('segments-insight').textContent = `${top.name}: ${fmtPct(top.customerShare)} of customers bring ${fmtPct(top.revenueShare)} of revenue.`;
    } else {
      $('kpi-top').textContent = '–';
      $('kpi-top-note').textContent = '';
    }
    renderSegmentTable(rows);
    renderSegmentChart(rows.filter((r) => r.inModel));
    renderValueCharts(list, body);
  }

  // ---- customer value ------------------------------------------------------------------------------------

  /** Predicted CLV per segment and the churn-risk distribution, from /api/segments (absent without value models). */
  function renderValueCharts(list, body) {
    const withValue = list.filter((s) => s && s.inModel !== false && num(s.predictedClv) !== null);
    const bins = Array.isArray(body.churnRiskDistribution) ? body.churnRiskDistribution : [];
    if (!withValue.length || !bins.length) {
      const text = state.model ? 'No value models yet: the model has none, or the first scan is still running.' : 'Waiting for the first model…';
      chartMessage('clv-chart', text);
      chartMessage('churn-chart', text);
      return;
    }
    $('value-note').textContent = `Predicted over the next ${state.valueHorizon || 90} days, as of ${fmtDateTime(body.valueAsOf)}.`;
    const ids = withValue.map((s) => s.id);
    const clv = { labels: withValue.map((s) => s.name || nameOf(s.id)),
      datasets: [{ label: 'Predicted CLV', data: withValue.map((s) => num(s.predictedClv)), backgroundColor: ids.map(colourOf), borderRadius: 3 }] };
    upsertChart('clv-chart', () => ({
      type: 'bar',
      data: clv,
      options: baseOptions({
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (ctx) => {
            const s = withValue[ctx.dataIndex];
            return `${fmtMoney(ctx.parsed.y)} · mean churn risk ${fmtPct(100 * (num(s.meanChurnRisk) || 0))}`;
          } } },
        },
        scales: { x: { grid: { display: false }, ticks: { autoSkip: false, maxRotation: 0 } }, y: { beginAtZero: true, ticks: { callback: (v) => fmtMoneyShort(v) } } },
      }),
    }), (chart) => {
      chart.data.labels = clv.labels;
      Object.assign(chart.data.datasets[0], clv.datasets[0]);
    }, { segments: ids.join(',') });
    const churn = { labels: bins.map((b) => `${Math.round(100 * b.from)}–${Math.round(100 * b.to)} %`),
      datasets: [{ label: 'Customers', data: bins.map((b) => num(b.customers) || 0), backgroundColor: bins.map((b) => withAlpha('#d9534f', 0.25 + 0.7 * b.from)), borderRadius: 3 }] };
    upsertChart('churn-chart', () => ({
      type: 'bar',
      data: churn,
      options: baseOptions({
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (ctx) => `${fmtInt(ctx.parsed.y)} customers` } } },
        scales: { x: { grid: { display: false }, title: { display: true, text: 'churn risk' } }, y: { beginAtZero: true, ticks: { callback: (v) => fmtInt(v) } } },
      }),
    }), (chart) => {
      chart.data.labels = churn.labels;
      Object.assign(chart.data.datasets[0], churn.datasets[0]);
    }, { bins: bins.length });
  }

  /** The looked-up customer's predicted value and how P(alive) decays if they buy nothing more. */
  function valueView(value) {
    if (!value) return null;
    state.valueHorizon = value.horizonDays;
    const next = value.expectedNextOrderAt ? fmtDate(value.expectedNextOrderAt) : '–';
    return el('div', { class: 'value-view', 'data-testid': 'lookup-value' },
      el('dl', { class: 'stat-grid' },
        stat('P(alive)', fmtPct(100 * value.pAlive), `churn risk ${fmtPct(100 * value.churnRisk)}`),
        stat('Expected orders', fmtOne(value.expectedOrders), `next ${fmtInt(value.horizonDays)} days`),
        stat('Predicted CLV', fmtMoney(value.predictedClv), `${fmtMoney(value.expectedOrderValue)} per order`),
        stat('Next order', next, 'median, if still a customer')),
      Array.isArray(value.pAliveDecay) && value.pAliveDecay.length
        ? el('div', {}, el('div', { class: 'distances-title' }, 'P(alive) over the next year if they buy nothing'),
          el('div', { class: 'chart-box chart-decay' }, el('canvas', { id: 'decay-chart', 'data-testid': 'decay-chart', role: 'img', 'aria-label': 'Probability the customer is still active, by days from now without a purchase' })))
        : null);
  }

  function renderDecayChart(value) {
    if (!value || !Array.isArray(value.pAliveDecay) || !value.pAliveDecay.length || !$('decay-chart')) return;
    if (state.charts['decay-chart']) {
      state.charts['decay-chart'].chart.destroy();
      delete state.charts['decay-chart'];
    }
    const points = value.pAliveDecay;
    upsertChart('decay-chart', () => ({
      type: 'line',
      data: { labels: points.map((p) => p.days), datasets: [{ label: 'P(alive)', data: points.map((p) => 100 * p.pAlive), borderColor: '#2f6fb0', backgroundColor: withAlpha('#2f6fb0', 0.15), fill: true, pointRadius: 0, tension: 0.2 }] },
      options: baseOptions({
        plugins: { legend: { display: false }, tooltip: { callbacks: { title: (items) => `in ${items[0].label} days`, label: (ctx) => `P(alive) ${oneDecimal.format(ctx.parsed.y)} %` } } },
        scales: { x: { title: { display: true, text: 'days without a purchase' }, ticks: { maxTicksLimit: 8 } }, y: { min: 0, max: 100, ticks: { callback: (v) => v + ' %' } } },
      }),
    }), () => {}, { customer: points.length });
  }

  function rank(row) {
    const index = state.order.indexOf(row.id);
    return index >= 0 ? index : 1000 + (row.inModel ? 0 : 1);
  }

  function renderSegmentTable(rows) {
    const body = $('segment-rows');
    if (!rows.length) {
      body.replaceChildren(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, state.model ? 'No customers yet.' : 'Waiting for the first model…')));
      return;
    }
    body.replaceChildren(...rows.map((row) => el('tr', { 'data-segment': row.id, class: row.inModel ? '' : 'not-in-model' },
      el('td', {}, segmentLabel(row.id, row.name)),
      el('td', { class: 'num' }, fmtInt(row.customers), ' ', el('span', { class: 'sub-num' }, fmtPct(row.customerShare))),
      el('td', { class: 'num' }, el('span', { class: 'share-cell' },
        el('span', { class: 'share-bar' }, el('span', { style: `width: ${Math.min(100, row.revenueShare || 0)}%; background: ${colourOf(row.id)}` })),
        fmtPct(row.revenueShare))),
      el('td', { class: 'num' }, row.recency === null ? '–' : fmtInt(row.recency) + ' d'),
      el('td', { class: 'num' }, fmtOne(row.frequency)),
      el('td', { class: 'num' }, fmtMoney(row.monetary)),
      el('td', { class: 'action' }, row.action || (row.inModel ? '' : 'Assigned when the next model arrives')))));
  }

  function renderSegmentChart(rows) {
    if (!rows.length) {
      chartMessage('segment-chart', state.model ? 'No customers yet.' : 'Waiting for the first model…');
      return;
    }
    const labels = rows.map((r) => r.name);
    const colours = rows.map((r) => colourOf(r.id));
    const data = {
      labels,
      datasets: [
        { label: 'Share of customers', data: rows.map((r) => r.customerShare ?? 0), backgroundColor: colours.map((c) => withAlpha(c, 0.3)), borderColor: colours, borderWidth: 1, borderRadius: 3, barPercentage: 0.9, categoryPercentage: 0.75 },
        { label: 'Share of revenue', data: rows.map((r) => r.revenueShare ?? 0), backgroundColor: colours, borderRadius: 3, barPercentage: 0.9, categoryPercentage: 0.75 },
      ],
    };
    const ids = rows.map((r) => r.id);
    upsertChart('segment-chart', () => ({
      type: 'bar',
      data,
      options: baseOptions({
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${oneDecimal.format(ctx.parsed.y)} %` } },
        },
        scales: {
          x: { grid: { display: false }, ticks: { autoSkip: false, maxRotation: 0 } },
          y: { beginAtZero: true, suggestedMax: 50, ticks: { callback: (v) => v + ' %' }, title: { display: false } },
        },
      }),
    }), (chart) => {
      chart.data.labels = data.labels;
      chart.data.datasets.forEach((dataset, i) => Object.assign(dataset, data.datasets[i]));
    }, { segments: ids.join(',') });
  }

  // ---- customer scatter ----------------------------------------------------------------------------------

  function shouldRefreshScatter() {
    return Date.now() - state.lastScatterAt > SCATTER_MS || state.scatterModelVersion !== (state.model && state.model.version);
  }

  async function refreshScatter() {
    state.lastScatterAt = Date.now();
    state.scatterModelVersion = state.model.version;
    const ids = state.order.slice();
    const pages = await Promise.all(ids.map((id) =>
      api(`api/segments/${encodeURIComponent(id)}/customers?limit=${SAMPLE_PER_SEGMENT}`)));
    const reference = referenceTime(pages);
    const datasets = [];
    let shown = 0;
    let skipped = 0;
    ids.forEach((id, i) => {
      const page = pages[i];
      const customers = page.ok && page.body ? (Array.isArray(page.body) ? page.body : page.body.customers || page.body.items || []) : [];
      const points = [];
      for (const c of customers) {
        const recency = recencyOf(c, reference);
        const monetary = num(c.monetary);
        if (recency === null || monetary === null || monetary <= 0) {
          skipped++;
          continue;
        }
        points.push({ x: Math.max(recency, 0.5), y: monetary, id: c.customerId, recency, frequency: num(c.frequency) });
      }
      shown += points.length;
      const colour = colourOf(id);
      datasets.push({
        label: nameOf(id), segment: id, data: points,
        backgroundColor: withAlpha(colour, 0.55), borderColor: colour, borderWidth: 0.5, pointRadius: 3.2, pointHoverRadius: 6,
      });
    });
    const failed = pages.filter((p) => !p.ok).length;
    $('scatter-note').textContent = `${fmtInt(shown)} customers sampled (up to ${SAMPLE_PER_SEGMENT} per segment); both axes logarithmic.`
      + (failed ? ` ${failed} segment(s) could not be read just now.` : '')
      + (skipped ? ` ${fmtInt(skipped)} without purchases left out.` : '');
    $('scatter-legend').replaceChildren(...ids.map((id, i) => el('span', { 'data-segment': id }, segmentLabel(id), ' ', el('span', { class: 'sub-num' }, fmtInt(datasets[i].data.length)))));
    if (!shown) {
      chartMessage('customer-scatter', failed ? 'Customers could not be read just now.' : 'No customers in any segment yet.');
      return;
    }
    upsertChart('customer-scatter', () => ({
      type: 'scatter',
      data: { datasets },
      options: baseOptions({
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => items.length ? 'Customer ' + items[0].raw.id : '',
              label: (ctx) => `${ctx.dataset.label}: ${fmtInt(ctx.raw.recency)} days since last purchase, ${ctx.raw.frequency === null ? '?' : fmtInt(ctx.raw.frequency)} purchases, ${fmtMoney(ctx.raw.y)} spent`,
            },
          },
        },
        onClick: (event, elements, chart) => {
          if (!elements.length) return;
          const point = chart.data.datasets[elements[0].datasetIndex].data[elements[0].index];
          if (point && point.id) lookup(point.id);
        },
        scales: {
          x: {
            type: 'logarithmic', title: { display: true, text: 'days since last purchase' },
            ticks: { maxRotation: 0, autoSkip: false, callback: logTick((v) => (v < 1 ? 'today' : intFormat.format(v))) },
          },
          y: {
            type: 'logarithmic', title: { display: true, text: 'total spend' },
            ticks: { autoSkip: false, callback: logTick((v) => compactFormat.format(v)) },
          },
        },
      }),
    }), (chart) => {
      chart.data.datasets = datasets;
    }, { segments: ids.join(',') });
  }

  /** Log axes get a tick at every 1, 2, 5 × 10^n only, so they stay readable. */
  function logTick(format) {
    return (value) => {
      if (value <= 0) return '';
      const mantissa = value / Math.pow(10, Math.floor(Math.log10(value) + 1e-9));
      return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6) || value === 0.5 ? format(value) : '';
    };
  }

  /** The instant recency is measured at: the statistics' asOf (stream time in event-time mode), else the newest purchase seen. */
  function referenceTime(pages) {
    const asOf = parseTime(state.segments && state.segments.asOf) || parseTime(state.model && state.model.asOf);
    let newest = null;
    for (const page of pages) {
      const customers = page.ok && page.body ? (Array.isArray(page.body) ? page.body : page.body.customers || []) : [];
      for (const c of customers) {
        const t = parseTime(c.lastPurchase);
        if (t && (!newest || t > newest)) newest = t;
      }
    }
    if (asOf && newest) return asOf > newest ? asOf : newest;
    return asOf || newest || new Date();
  }

  function recencyOf(customer, reference) {
    const given = num(customer.recencyDays);
    if (given !== null) return given;
    const last = parseTime(customer.lastPurchase);
    if (!last) return null;
    return Math.max(0, Math.floor((reference - last) / DAY_MS));
  }

  // ---- charts --------------------------------------------------------------------------------------------

  function baseOptions(extra) {
    return Object.assign({
      responsive: true,
      maintainAspectRatio: false,
      animation: { duration: 250 },
      layout: { padding: { top: 4, right: 4 } },
    }, extra);
  }

  /** Creates the chart, or updates it in place (no flicker) when it exists and its shape did not change. */
  function upsertChart(canvasId, create, update, shape) {
    clearChartMessage(canvasId);
    if (!window.Chart) {
      chartMessage(canvasId, 'The charting library did not load.');
      return;
    }
    const key = JSON.stringify(shape || {});
    const existing = state.charts[canvasId];
    if (existing && existing.shape === key) {
      update(existing.chart);
      existing.chart.update('none');
      return;
    }
    if (existing) existing.chart.destroy();
    const chart = new window.Chart($(canvasId), create());
    state.charts[canvasId] = { chart, shape: key };
  }

  function chartMessage(canvasId, text) {
    const existing = state.charts[canvasId];
    if (existing) {
      existing.chart.destroy();
      delete state.charts[canvasId];
    }
    const box = $(canvasId).parentElement;
    let message = box.querySelector('.chart-message');
    if (!message) {
      message = el('div', { class: 'chart-message' });
      box.append(message);
    }
    message.textContent = text;
    $(canvasId).dataset.state = 'empty';
  }

  function clearChartMessage(canvasId) {
    const message = $(canvasId).parentElement.querySelector('.chart-message');
    if (message) message.remove();
    $(canvasId).dataset.state = 'ready';
  }

  function setEmptyCharts(text) {
    if (!state.model) {
      chartMessage('segment-chart', text);
      chartMessage('customer-scatter', text);
      chartMessage('candidates-chart', text);
    }
  }

  // ---- live feed -----------------------------------------------------------------------------------------

  function feedKey(change) {
    return [change.customerId, change.at, change.previousSegment, change.segment, change.reason, change.modelVersion].join('|');
  }

  /** Time of day for today's changes, the date for older ones (e.g. a replay of history in event time). */
  function feedTime(at) {
    if (!at) return '';
    const today = new Date().toISOString().slice(0, 10) === at.toISOString().slice(0, 10);
    return today ? at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
      : at.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  }

  function setLiveStatus(kind, label) {
    const status = $('live-status');
    status.dataset.state = kind;
    status.querySelector('.live-label').textContent = label;
  }

  function addChange(change, fresh) {
    if (!change || !change.customerId || !change.segment) return;
    const key = feedKey(change);
    if (state.feedKeys.has(key)) return;
    state.feedKeys.add(key);
    const list = $('live-feed');
    const at = parseTime(change.at);
    const rfm = change.rfm || {};
    const reason = change.reason || 'UNKNOWN';
    const item = el('li', {
      class: 'feed-item' + (fresh ? ' fresh' : ''), 'data-segment': change.segment, 'data-previous-segment': change.previousSegment || '',
      'data-reason': reason, 'data-customer': change.customerId, 'data-model-version': change.modelVersion ?? '',
    },
    el('span', { class: 'feed-time', title: fmtDateTime(change.at) }, feedTime(at)),
    el('span', { class: 'feed-main' },
      el('button', { class: 'feed-customer', type: 'button', title: 'Look up this customer', onclick: () => lookup(change.customerId) }, change.customerId),
      change.previousSegment ? segmentPill(change.previousSegment) : el('span', { class: 'sub-num' }, 'new'),
      el('span', { class: 'feed-arrow' }, '→'),
      segmentPill(change.segment)),
    el('span', { class: 'feed-meta' },
      el('span', { class: 'reason', 'data-reason': reason }, reason.replace('_', ' ')),
      change.modelVersion !== undefined && change.modelVersion !== null ? el('span', {}, 'model v' + change.modelVersion) : null,
      num(rfm.frequency) !== null ? el('span', {}, `${fmtInt(rfm.recencyDays)} d · ${fmtInt(rfm.frequency)} ${num(rfm.frequency) === 1 ? 'order' : 'orders'} · ${fmtMoney(rfm.monetary)}`) : null));
    item.dataset.key = key;
    if (fresh) {
      list.prepend(item);
      state.changesSeen++;
      $('kpi-changes').textContent = fmtInt(state.changesSeen);
    } else {
      list.append(item);
    }
    while (list.children.length > FEED_MAX_ITEMS) {
      const last = list.lastElementChild;
      state.feedKeys.delete(last.dataset.key);
      last.remove();
    }
    $('live-feed-empty').hidden = list.children.length > 0;
  }

  function connectFeed() {
    if (!window.EventSource) {
      setLiveStatus('offline', 'Live feed unsupported');
      return;
    }
    // The stream first, then the history: a change arriving in between is not lost (live ones go on top,
    // history below, duplicates are dropped by key).
    const url = 'api/changes/stream' + (state.token ? '?access_token=' + encodeURIComponent(state.token) : '');
    const source = new EventSource(url);
    let historyLoaded = false;
    source.addEventListener('open', () => {
      setLiveStatus('live', 'Live');
      if (!historyLoaded) {
        historyLoaded = true;
        loadHistory();
      }
    });
    source.addEventListener('segment-change', (event) => {
      try {
        addChange(JSON.parse(event.data), true);
      } catch (e) {
        console.warn('unreadable segment change', e);
      }
    });
    source.addEventListener('error', () => {
      const closed = source.readyState === EventSource.CLOSED;
      setLiveStatus(closed ? 'offline' : 'reconnecting', closed ? 'Live feed stopped' : 'Reconnecting…');
      if (closed) setTimeout(connectFeed, POLL_MS);
    });
  }

  async function loadHistory() {
    const answer = await api('api/changes/recent?limit=' + FEED_HISTORY);
    if (answer.ok && Array.isArray(answer.body)) {
      // newest first, as answered
      answer.body.forEach((change) => addChange(change, false));
    }
  }

  // ---- customer lookup -----------------------------------------------------------------------------------

  function lookup(customerId) {
    $('lookup-input').value = customerId;
    $('lookup-form').requestSubmit ? $('lookup-form').requestSubmit() : runLookup(customerId);
    $('lookup-result').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  async function runLookup(customerId) {
    const result = $('lookup-result');
    const id = String(customerId || '').trim();
    if (!id) return;
    result.dataset.state = 'loading';
    $('lookup-button').disabled = true;
    const answer = await api('api/customers/' + encodeURIComponent(id));
    $('lookup-button').disabled = false;
    if (!answer.ok || !answer.body) {
      result.dataset.state = answer.status === 404 ? 'not-found' : 'error';
      const text = answer.status === 404 ? `No customer with id “${id}”.`
        : answer.status === 503 ? `The customer's data is briefly unavailable (the service is rebalancing). Try again in ${answer.retryAfter || 5} s.`
          : answer.status === 0 ? 'The server cannot be reached.' : answer.detail;
      result.replaceChildren(el('p', { class: 'message', 'data-testid': 'lookup-message' }, text));
      return;
    }
    const c = answer.body;
    const segment = c.segment || c.assignedSegment;
    const name = c.segmentName || nameOf(segment);
    result.dataset.state = 'found';
    result.dataset.segment = segment || '';
    result.replaceChildren(
      el('div', { class: 'result-head' },
        el('span', { class: 'result-title', 'data-testid': 'lookup-customer' }, c.customerId || id),
        segment ? el('span', { id: 'lookup-segment', 'data-testid': 'lookup-segment', 'data-segment': segment }, segmentPill(segment, name, true))
          : el('span', { id: 'lookup-segment', 'data-testid': 'lookup-segment', class: 'sub-num' }, 'No segment yet')),
      c.action || state.actions[segment] ? el('p', { class: 'result-action' }, c.action || state.actions[segment]) : null,
      el('dl', { class: 'stat-grid' },
        stat('Recency', num(c.recencyDays) === null ? '–' : fmtInt(c.recencyDays) + ' days', c.lastPurchase ? 'last ' + fmtDate(c.lastPurchase) : ''),
        stat('Purchases', fmtInt(c.frequency), c.firstPurchase ? 'since ' + fmtDate(c.firstPurchase) : ''),
        stat('Spend', fmtMoney(c.monetary), num(c.refunded) ? fmtMoney(c.refunded) + ' refunded' : 'net of refunds'),
        stat('In segment since', fmtDate(c.segmentSince), c.assignedSegment && c.assignedSegment !== segment ? 'stored as ' + nameOf(c.assignedSegment) : ''),
        stat('Model', c.modelVersion != null ? 'v' + fmtInt(c.modelVersion) : '–', ''),
        stat('Evaluated at', fmtDate(c.asOf), '')),
      nextReview(c, name),
      valueView(c.value),
      distancesView(c.distances, segment),
      c.servedBy ? el('p', { class: 'served-by', 'data-stale': c.stale ? 'true' : 'false' },
        c.stale ? `Served by a standby (${c.servedBy}), ${fmtInt(c.lag)} records behind.` : `Served by ${c.servedBy}.`) : null);
    renderDecayChart(c.value);
  }

  function stat(label, value, note) {
    return el('div', {}, el('dt', {}, label), el('dd', {}, value, note ? el('small', {}, ' ' + note) : null));
  }

  function nextReview(c, name) {
    let text = c.nextReview;
    const moves = !!(c.nextReviewAt);
    if (!text) text = moves ? `Moves to another segment on ${fmtDate(c.nextReviewAt)} unless they buy.` : `Stays in ${name} even if they stop buying.`;
    return el('p', { class: 'next-review', 'data-testid': 'lookup-next-review', 'data-moves': moves ? 'true' : 'false', title: moves ? fmtDateTime(c.nextReviewAt) : '' }, text);
  }

  /** Distances per segment (a map id -> distance, or a list), nearest first. */
  function distancesView(distances, chosen) {
    let entries = [];
    if (Array.isArray(distances)) {
      entries = distances.map((d, i) => (typeof d === 'number' ? [state.order[i], d] : [pick(d, 'segment', 'id'), num(d.distance)]));
    } else if (distances && typeof distances === 'object') {
      entries = Object.entries(distances).map(([id, d]) => [id, num(d)]);
    }
    entries = entries.filter(([id, d]) => id && d !== null).sort((a, b) => a[1] - b[1]);
    if (!entries.length) return null;
    const max = Math.max(...entries.map((e) => e[1]), 0.0001);
    return el('div', { class: 'distances', 'data-testid': 'distances' },
      el('div', { class: 'distances-title' }, 'Distance to each segment (nearest wins)'),
      ...entries.map(([id, d], i) => el('div', { class: 'distance-row', 'data-segment': id, 'data-nearest': (chosen ? id === chosen : i === 0) ? 'true' : 'false' },
        segmentLabel(id),
        el('span', { class: 'distance-bar' }, el('span', { style: `width: ${Math.max(2, 100 * d / max)}%; --seg: ${colourOf(id)}` })),
        el('span', { class: 'distance-value' }, d.toFixed(2)))));
  }

  // ---- what-if scorer ------------------------------------------------------------------------------------

  async function score() {
    const result = $('score-result');
    const body = {
      recency: num($('score-recency').value),
      frequency: num($('score-frequency').value),
      monetary: num($('score-monetary').value),
    };
    const missing = Object.entries(body).filter(([, v]) => v === null || v < 0).map(([k]) => k);
    if (missing.length) {
      result.dataset.state = 'error';
      result.replaceChildren(el('p', { class: 'message' }, `Enter a number of 0 or more for ${missing.join(', ')}.`));
      return;
    }
    result.dataset.state = 'loading';
    $('score-button').disabled = true;
    const answer = await api('api/score', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    $('score-button').disabled = false;
    if (!answer.ok || !answer.body) {
      result.dataset.state = 'error';
      const text = answer.status === 503 ? 'No model to score with yet: waiting for the first model…'
        : answer.status === 0 ? 'The server cannot be reached.' : answer.detail;
      result.replaceChildren(el('p', { class: 'message', 'data-testid': 'score-message' }, text));
      return;
    }
    const s = answer.body;
    const segment = s.segment || s.id;
    result.dataset.state = 'scored';
    result.dataset.segment = segment || '';
    result.replaceChildren(
      el('div', { class: 'result-head' },
        el('span', { id: 'score-segment', 'data-testid': 'score-segment', 'data-segment': segment }, segmentPill(segment, s.name || nameOf(segment), true)),
        s.modelVersion != null ? el('span', { class: 'sub-num' }, 'model v' + s.modelVersion) : null),
      s.action ? el('p', { class: 'result-action' }, s.action) : null,
      distancesView(s.distances, segment));
  }

  // ---- start ---------------------------------------------------------------------------------------------

  function start() {
    state.token = readToken();
    $('lookup-form').addEventListener('submit', (event) => {
      event.preventDefault();
      runLookup($('lookup-input').value);
    });
    $('score-form').addEventListener('submit', (event) => {
      event.preventDefault();
      score();
    });
    if (window.Chart) {
      window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
      window.Chart.defaults.font.size = 12;
      window.Chart.defaults.color = '#475569';
      window.Chart.defaults.borderColor = '#eef2f7';
    }
    chartMessage('segment-chart', 'Loading…');
    chartMessage('customer-scatter', 'Loading…');
    chartMessage('candidates-chart', 'Loading…');
    renderSegmentTable([]);
    refresh();
    connectFeed();
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && state.model && shouldRefreshScatter()) refreshScatter();
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
