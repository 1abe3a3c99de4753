// Claude API Health details view: renders the model the extension posts. Every value from the network
// (incident names, component names) is set with textContent, never as HTML.
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'class') node.className = value;
      else if (key === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child !== undefined && child !== null) node.append(child);
    return node;
  }
  const svgEl = (tag, attrs) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    return node;
  };
  const ms = (value) => (value === undefined ? '–' : value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
  const time = (epoch) => new Date(epoch).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const tone = (kind) => ({ operational: 'ok', slow: 'warn', degraded: 'warn', rateLimited: 'warn', noKey: 'muted', unknown: 'muted', disabled: 'muted' })[kind] || 'bad';
  const link = (text, url) => el('a', { onclick: () => vscode.postMessage({ type: 'open', url }) }, text);

  function latencyChart(history, now) {
    const width = 900, height = 160, left = 40, bottom = 18;
    const from = now - 24 * 3600 * 1000;
    const points = history.filter((p) => p.at >= from);
    const okLatencies = points.filter((p) => p.ok).map((p) => p.latencyMs);
    const max = Math.max(500, ...okLatencies) * 1.1;
    const x = (at) => left + ((at - from) / (now - from)) * (width - left - 4);
    const y = (v) => (height - bottom) - (v / max) * (height - bottom - 6);
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Latency over the last 24 hours' });
    svg.append(svgEl('line', { class: 'axis', x1: left, y1: height - bottom, x2: width, y2: height - bottom }));
    for (const v of [0, max / 2, max]) {
      const label = svgEl('text', { x: 0, y: y(v) + 3 });
      label.textContent = ms(v);
      svg.append(label);
    }
    for (let h = 0; h <= 24; h += 6) {
      const label = svgEl('text', { x: x(from + h * 3600 * 1000) - 12, y: height - 4 });
      label.textContent = h === 24 ? 'now' : time(from + h * 3600 * 1000);
      svg.append(label);
    }
    const ok = points.filter((p) => p.ok);
    if (ok.length > 1) svg.append(svgEl('polyline', { class: 'line', points: ok.map((p) => `${x(p.at).toFixed(1)},${y(p.latencyMs).toFixed(1)}`).join(' ') }));
    for (const p of points.filter((p) => !p.ok)) svg.append(svgEl('rect', { class: 'fail', x: x(p.at) - 1, y: height - bottom - 6, width: 2, height: 6 }));
    return svg;
  }

  function timeline(history, now) {
    const slots = 48; // half-hour slots over 24 h
    const from = now - 24 * 3600 * 1000;
    const bar = el('div', { class: 'timeline', role: 'img', 'aria-label': 'Availability over the last 24 hours' });
    for (let i = 0; i < slots; i++) {
      const start = from + (i * 24 * 3600 * 1000) / slots;
      const end = start + (24 * 3600 * 1000) / slots;
      const inSlot = history.filter((p) => p.at >= start && p.at < end);
      const failures = inSlot.filter((p) => !p.ok).length;
      const cls = inSlot.length === 0 ? '' : failures === 0 ? 'ok' : failures < inSlot.length ? 'warn' : 'bad';
      bar.append(el('div', { class: cls, title: `${time(start)}–${time(end)}: ${inSlot.length} probes, ${failures} failed` }));
    }
    return bar;
  }

  function render(model) {
    const { state, latency, history, statusPage, rateLimit, now } = model;
    root.replaceChildren(
      el('h1', {}, 'Claude API health', el('span', { class: `badge ${tone(state.kind)}` }, state.label)),
      el('p', { class: 'reason' }, state.reason),
      el('div', { class: 'figures' },
        figure(ms(latency.now), 'latency now'),
        figure(ms(latency.p50), 'p50, last hour'),
        figure(ms(latency.p95), 'p95, last hour'),
        figure(model.availability24h === undefined ? '–' : `${(model.availability24h * 100).toFixed(2)} %`, 'availability, 24 h'),
        figure(model.lastCheckedAt ? time(model.lastCheckedAt) : '–', 'last checked')),
      el('h2', {}, 'Latency, last 24 hours'),
      latencyChart(history, now),
      el('h2', {}, 'Availability, last 24 hours'),
      timeline(history, now),
      el('div', { class: 'scale muted' }, el('span', {}, '24 h ago'), el('span', {}, 'now')),
      el('h2', {}, 'Rate limits'),
      rateLimits(rateLimit),
      el('h2', {}, 'Status page'),
      statusSection(statusPage),
    );
  }

  function figure(value, label) {
    return el('div', { class: 'figure' }, el('div', { class: 'value' }, value), el('div', { class: 'label' }, label));
  }

  function rateLimits(rateLimit) {
    if (!rateLimit || rateLimit.length === 0) return el('p', { class: 'muted' }, 'No rate-limit headers seen yet.');
    const table = el('table');
    for (const row of rateLimit) {
      const share = row.limit ? row.remaining / row.limit : undefined;
      table.append(el('tr', {},
        el('td', {}, row.name),
        el('td', {}, share === undefined ? '' : meter(share)),
        el('td', {}, `${row.remaining ?? '?'} / ${row.limit ?? '?'}`),
        el('td', { class: 'muted' }, row.reset ? `resets ${time(Date.parse(row.reset))}` : '')));
    }
    return table;
  }

  /** A bar; its width is set through the CSSOM, which the CSP allows (inline style attributes it does not). */
  function meter(share) {
    const fill = el('div');
    fill.style.width = `${Math.max(0, Math.min(100, share * 100)).toFixed(0)}%`;
    return el('div', { class: 'meter' }, fill);
  }

  function statusSection(statusPage) {
    if (!statusPage) return el('p', { class: 'muted' }, 'The status page has not been read yet.');
    const box = el('div');
    box.append(el('p', {}, statusPage.description, ' — ', link('open the status page', statusPage.pageUrl)));
    if (statusPage.incidents.length > 0) {
      box.append(el('p', {}, el('strong', {}, 'Open incidents')));
      const list = el('ul');
      for (const incident of statusPage.incidents) list.append(el('li', {}, incident.url ? link(incident.name, incident.url) : incident.name, el('span', { class: 'muted' }, ` (${incident.status}, ${incident.impact})`)));
      box.append(list);
    }
    if (statusPage.components.length > 0) {
      const table = el('table');
      for (const c of statusPage.components) table.append(el('tr', {}, el('td', {}, c.name), el('td', { class: c.status === 'operational' ? 'ok' : c.status === 'major_outage' ? 'bad' : 'warn' }, c.status.replace(/_/g, ' '))));
      box.append(table);
    }
    return box;
  }

  window.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'model') render(event.data.model);
  });
  vscode.postMessage({ type: 'ready' });
})();
