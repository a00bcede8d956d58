/**
 * The operator console: one self-contained page (no framework, no CDN, works
 * offline). It polls GET /admin/status every 2 s and switches servers with
 * PUT /admin/servers/<name>. Served with a per-response CSP nonce, so the
 * inline style and script are the only ones that run.
 */
export function consolePage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MCP Writing · console</title>
<style nonce="${nonce}">${CSS}</style>
</head>
<body>
<header>
  <h1>MCP Writing <span class="sub">console</span></h1>
  <div id="hostline" class="muted">connecting…</div>
  <div id="live" class="pill">…</div>
</header>
<div id="banner" class="banner" hidden></div>
<form id="tokenform" class="card token" hidden>
  <label for="token">This host requires its bearer token (MCP_AUTH_TOKEN):</label>
  <input id="token" type="password" autocomplete="off" spellcheck="false">
  <button type="submit">Open the console</button>
</form>
<main id="main" hidden>
  <section class="card servers">
    <h2>Servers <span id="servercount" class="muted"></span></h2>
    <table>
      <thead><tr>
        <th>server</th><th>on</th><th>state</th><th class="num">tools</th><th class="num">in flight</th>
        <th class="num">calls</th><th class="num">errors</th><th class="num">p50 ms</th><th class="num">p95 ms</th>
      </tr></thead>
      <tbody id="servers"></tbody>
    </table>
    <p class="muted small">A switch takes effect at once and is remembered across restarts (<span id="statefile"></span>).
    Disabling lets calls in flight finish; new calls get “server … is disabled”.</p>
  </section>
  <section class="card pool">
    <h2>Connection pool <span class="muted" id="appname"></span></h2>
    <div class="stats">
      <div><b id="p-total">–</b><span>open</span></div>
      <div><b id="p-inuse">–</b><span>in use</span></div>
      <div><b id="p-idle">–</b><span>idle</span></div>
      <div><b id="p-waiting">–</b><span>waiting</span></div>
      <div><b id="p-max">–</b><span>DB_POOL_MAX</span></div>
    </div>
    <svg id="chart" viewBox="0 0 600 160" preserveAspectRatio="none" role="img" aria-label="pool over the last minutes"></svg>
    <div class="legend muted small"><i class="k-total"></i>open <i class="k-inuse"></i>in use <i class="k-waiting"></i>waiting <i class="k-max"></i>DB_POOL_MAX <span id="span"></span></div>
    <h3>In use per server</h3>
    <div id="perserver" class="bars"></div>
  </section>
  <section class="card budget">
    <h2>Connection budget</h2>
    <div id="budget"></div>
    <p class="muted small">For several hosts: <code>mcp-writing doctor --replicas N</code>.</p>
  </section>
</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

const CSS = `
:root { --bg:#f5f6f8; --card:#fff; --fg:#1d2430; --muted:#667085; --line:#e4e7ec; --accent:#2f6fde; --ok:#1f9d55; --bad:#d14343; --warn:#c77700; --inuse:#7c5cd6; }
@media (prefers-color-scheme: dark) { :root { --bg:#14171c; --card:#1d2129; --fg:#e6e9ef; --muted:#98a2b3; --line:#2c323d; --accent:#6a9cff; --inuse:#a58cf0; } }
* { box-sizing: border-box; }
[hidden] { display:none !important; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background:var(--bg); color:var(--fg); }
header { display:flex; align-items:baseline; gap:16px; padding:14px 24px; border-bottom:1px solid var(--line); background:var(--card); }
h1 { font-size:18px; margin:0; } .sub { font-weight:400; color:var(--muted); }
h2 { font-size:15px; margin:0 0 10px; } h3 { font-size:13px; margin:14px 0 6px; color:var(--muted); font-weight:600; }
#hostline { flex:1; }
.muted { color:var(--muted); } .small { font-size:12px; }
.pill { font-size:12px; padding:2px 10px; border-radius:999px; background:var(--line); }
.pill.ok { background:color-mix(in srgb, var(--ok) 18%, transparent); color:var(--ok); }
.pill.bad { background:color-mix(in srgb, var(--bad) 18%, transparent); color:var(--bad); }
.banner { margin:12px 24px 0; padding:8px 12px; border-radius:8px; background:color-mix(in srgb, var(--bad) 14%, var(--card)); color:var(--bad); }
main { display:grid; grid-template-columns: minmax(560px, 1.35fr) minmax(340px, 1fr); grid-template-areas: 'servers pool' 'budget pool'; align-items:start; gap:16px; padding:16px 24px 24px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 16px; }
.servers { grid-area: servers; } .pool { grid-area: pool; } .budget { grid-area: budget; }
.token { max-width:520px; margin:24px; display:flex; flex-direction:column; gap:8px; }
.token input { font:inherit; padding:6px 8px; border:1px solid var(--line); border-radius:6px; background:var(--bg); color:var(--fg); }
button { font:inherit; cursor:pointer; }
.token button { align-self:flex-start; padding:5px 14px; border-radius:6px; border:1px solid var(--accent); background:var(--accent); color:#fff; }
table { width:100%; border-collapse:collapse; }
th, td { text-align:left; padding:6px 6px; border-bottom:1px solid var(--line); white-space:nowrap; }
th { font-size:12px; color:var(--muted); font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
tr.off td.name, tr.off td.num { color:var(--muted); }
td.name { font-weight:600; }
.state { font-size:12px; }
.state.runtime { color:var(--warn); }
.err { color:var(--bad); }
.switch { position:relative; width:38px; height:22px; border-radius:999px; border:none; background:var(--line); padding:0; transition:background .15s; vertical-align:middle; }
.switch::after { content:""; position:absolute; top:3px; left:3px; width:16px; height:16px; border-radius:50%; background:#fff; box-shadow:0 1px 2px rgba(0,0,0,.3); transition:left .15s; }
.switch[aria-checked="true"] { background:var(--ok); }
.switch[aria-checked="true"]::after { left:19px; }
.switch:disabled { opacity:.5; cursor:progress; }
.switch:focus-visible { outline:2px solid var(--accent); outline-offset:2px; }
.stats { display:grid; grid-template-columns: repeat(5, 1fr); gap:8px; margin-bottom:10px; }
.stats div { display:flex; flex-direction:column; }
.stats b { font-size:22px; font-variant-numeric: tabular-nums; }
.stats span { font-size:12px; color:var(--muted); }
#chart { width:100%; height:160px; background:var(--bg); border-radius:6px; display:block; }
.legend { margin-top:4px; display:flex; gap:6px; align-items:center; flex-wrap:wrap; }
.legend i { display:inline-block; width:12px; height:3px; margin-left:8px; }
.k-total { background:var(--accent); } .k-inuse { background:var(--inuse); } .k-waiting { background:var(--bad); } .k-max { background:var(--muted); }
#span { margin-left:auto; }
.bars .row { display:grid; grid-template-columns: 130px 1fr 48px; gap:8px; align-items:center; font-size:12px; margin:3px 0; }
.bars .track { height:8px; background:var(--bg); border-radius:4px; overflow:hidden; }
.bars .fill { height:100%; background:var(--inuse); width:0; }
.check { display:flex; gap:10px; align-items:flex-start; padding:6px 0; border-bottom:1px solid var(--line); }
.check:last-child { border-bottom:none; }
.check .mark { font-weight:700; width:44px; flex:none; }
.check > div { flex:1; }
.check.ok .mark { color:var(--ok); } .check.no .mark { color:var(--bad); }
.meter { height:10px; border-radius:5px; background:var(--bg); overflow:hidden; margin:4px 0 2px; }
.meter div { height:100%; background:var(--accent); }
.check.no .meter div { background:var(--bad); }
dl { display:grid; grid-template-columns:auto 1fr; gap:2px 12px; margin:8px 0 0; font-size:12px; }
dt { color:var(--muted); } dd { margin:0; font-variant-numeric: tabular-nums; }
code { font-size:12px; }
@media (max-width: 1000px) { main { grid-template-columns: 1fr; grid-template-areas: 'servers' 'pool' 'budget'; } }
`;

const SCRIPT = `
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const SAMPLES = 300;
  let token = sessionStorage.getItem('mcpw-token') || '';
  const fromHash = /[#&]token=([^&]+)/.exec(location.hash);
  if (fromHash) { token = decodeURIComponent(fromHash[1]); sessionStorage.setItem('mcpw-token', token); history.replaceState(null, '', location.pathname); }
  let samples = [];
  let lastT = 0;
  let timer;
  const pending = new Set();

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v; else if (k === 'text') node.textContent = v; else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }
  const fmt = (n) => (n === null || n === undefined ? '–' : String(n));
  const ms = (n) => (n === null || n === undefined ? '–' : n < 10 ? n.toFixed(1) : String(Math.round(n)));

  async function api(path, init) {
    const headers = Object.assign({ accept: 'application/json' }, (init && init.headers) || {});
    if (token) headers.authorization = 'Bearer ' + token;
    const res = await fetch(path, Object.assign({}, init, { headers, cache: 'no-store' }));
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    return { status: res.status, body };
  }

  function banner(text) { const b = $('banner'); b.hidden = !text; b.textContent = text || ''; }
  function live(ok, text) { const p = $('live'); p.className = 'pill ' + (ok ? 'ok' : 'bad'); p.textContent = text; }

  function askToken(message) {
    $('main').hidden = true;
    $('tokenform').hidden = false;
    live(false, 'locked');
    banner(message || '');
    $('token').focus();
  }
  $('tokenform').addEventListener('submit', (e) => {
    e.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem('mcpw-token', token);
    $('tokenform').hidden = true;
    poll();
  });

  async function poll() {
    clearTimeout(timer);
    try {
      const { status, body } = await api('/admin/status?since=' + lastT);
      if (status === 401) return askToken(token ? 'That token was refused.' : '');
      if (status !== 200) { live(false, 'error'); banner((body && body.error) || 'The host answered ' + status); }
      else { render(body); live(true, 'live'); banner(''); }
    } catch (e) {
      live(false, 'offline');
      banner('The host does not answer; retrying every 2 s.');
    }
    timer = setTimeout(poll, 2000);
  }

  async function toggle(name, enabled, button) {
    pending.add(name);
    button.disabled = true;
    try {
      const { status, body } = await api('/admin/servers/' + encodeURIComponent(name), {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-mcp-writing-admin': '1' },
        body: JSON.stringify({ enabled }),
      });
      if (status !== 200) banner((body && body.error) || 'The change failed (' + status + ').');
      else { banner(''); renderServerRow(body); }
    } catch (e) {
      banner('The host does not answer; nothing was changed.');
    } finally {
      pending.delete(name);
      button.disabled = false;
    }
  }

  const rows = new Map();
  function renderServerRow(s) {
    let row = rows.get(s.name);
    if (!row) {
      const sw = el('button', { class: 'switch', role: 'switch', 'aria-label': s.name, title: 'enable or disable ' + s.name });
      sw.addEventListener('click', () => toggle(s.name, sw.getAttribute('aria-checked') !== 'true', sw));
      row = { tr: el('tr'), sw, cells: {} };
      const cell = (key, cls) => (row.cells[key] = el('td', { class: cls || '' }));
      row.tr.append(cell('name', 'name'), el('td', {}, sw), cell('state'), cell('tools', 'num'), cell('inFlight', 'num'),
        cell('calls', 'num'), cell('errors', 'num'), cell('p50', 'num'), cell('p95', 'num'));
      row.cells.name.textContent = s.name;
      $('servers').append(row.tr);
      rows.set(s.name, row);
    }
    row.tr.className = s.enabled ? 'on' : 'off';
    row.tr.dataset.server = s.name;
    if (!pending.has(s.name)) row.sw.setAttribute('aria-checked', String(s.enabled));
    row.cells.state.textContent = s.label;
    row.cells.state.className = 'state' + (s.source === 'run time' ? ' runtime' : '');
    row.cells.state.title = s.changedAt ? 'changed ' + new Date(s.changedAt).toLocaleString() : 'as ACTIVE_MCP_SERVERS says';
    row.cells.tools.textContent = s.tools ? String(s.tools) : '–';
    row.cells.inFlight.textContent = fmt(s.inFlight);
    row.cells.calls.textContent = fmt(s.stats.calls);
    row.cells.errors.textContent = fmt(s.stats.errors);
    row.cells.errors.className = 'num' + (s.stats.errors > 0 ? ' err' : '');
    row.cells.errors.title = s.stats.refused ? s.stats.refused + ' refused while disabled' : '';
    row.cells.p50.textContent = ms(s.stats.latencyMs && s.stats.latencyMs.p50);
    row.cells.p95.textContent = ms(s.stats.latencyMs && s.stats.latencyMs.p95);
  }

  function render(status) {
    $('main').hidden = false;
    const h = status.host;
    $('hostline').textContent = 'v' + h.version + ' · pid ' + h.pid + ' · up ' + uptime(h.uptimeSeconds);
    $('statefile').textContent = h.stateFile;
    const enabled = status.servers.filter((s) => s.enabled).length;
    $('servercount').textContent = enabled + ' of ' + status.servers.length + ' enabled';
    status.servers.forEach(renderServerRow);
    const p = status.pool;
    $('appname').textContent = 'application_name ' + p.applicationName;
    $('p-total').textContent = p.total; $('p-inuse').textContent = p.inUse; $('p-idle').textContent = p.idle;
    $('p-waiting').textContent = p.waiting; $('p-max').textContent = p.max;
    samples = samples.concat(status.samples).slice(-SAMPLES);
    if (samples.length) lastT = samples[samples.length - 1].t;
    chart(samples, p.max);
    perServer(p);
    budget(status.budget);
  }

  function uptime(s) {
    if (s < 90) return s + ' s';
    if (s < 5400) return Math.round(s / 60) + ' min';
    return (s / 3600).toFixed(1) + ' h';
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs) { const n = document.createElementNS(SVG, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); return n; }
  function chart(data, max) {
    const root = $('chart');
    root.replaceChildren();
    const W = 600, H = 160, top = 8, bottom = 4;
    // Ten minutes at most; a young host's few samples fill the width (one minute at least).
    const now = Date.now();
    const span = Math.min(10 * 60 * 1000, Math.max(60 * 1000, data.length ? now - data[0].t : 0));
    const peak = Math.max(max, ...data.map((d) => Math.max(d.total, d.inUse + d.waiting)), 1);
    const x = (t) => Math.max(0, W - ((now - t) / span) * W);
    const y = (v) => H - bottom - (v / peak) * (H - top - bottom);
    const style = getComputedStyle(document.documentElement);
    const color = (v) => style.getPropertyValue(v).trim();
    root.append(svg('line', { x1: 0, x2: W, y1: y(max), y2: y(max), stroke: color('--muted'), 'stroke-dasharray': '4 4', 'stroke-width': 1 }));
    if (data.length > 1) {
      const pts = (key) => data.map((d) => x(d.t).toFixed(1) + ',' + y(d[key]).toFixed(1)).join(' ');
      const first = x(data[0].t).toFixed(1), last = x(data[data.length - 1].t).toFixed(1);
      root.append(svg('polygon', { points: first + ',' + (H - bottom) + ' ' + pts('inUse') + ' ' + last + ',' + (H - bottom), fill: color('--inuse'), 'fill-opacity': 0.25, stroke: 'none' }));
      root.append(svg('polyline', { points: pts('inUse'), fill: 'none', stroke: color('--inuse'), 'stroke-width': 1.5 }));
      root.append(svg('polyline', { points: pts('total'), fill: 'none', stroke: color('--accent'), 'stroke-width': 2 }));
      if (data.some((d) => d.waiting > 0)) root.append(svg('polyline', { points: pts('waiting'), fill: 'none', stroke: color('--bad'), 'stroke-width': 1.5 }));
    }
    const label = svg('text', { x: 4, y: Math.max(12, y(max) - 3), 'font-size': 10, fill: color('--muted') });
    label.textContent = 'max ' + max;
    root.append(label);
    const minutes = data.length ? Math.max(1, Math.round((now - data[0].t) / 60000)) : 0;
    $('span').textContent = data.length ? 'last ' + minutes + ' min' : '';
  }

  function perServer(p) {
    const box = $('perserver');
    box.replaceChildren();
    const names = Object.keys(p.servers).sort();
    if (!names.length) { box.append(el('div', { class: 'muted small', text: 'no server has used the pool yet' })); return; }
    for (const name of names) {
      const s = p.servers[name];
      const fill = el('div', { class: 'fill' });
      fill.style.width = Math.min(100, (s.inUse / Math.max(1, s.max)) * 100) + '%';
      box.append(el('div', { class: 'row' }, el('span', { text: name }), el('div', { class: 'track' }, fill),
        el('span', { class: 'muted', text: s.inUse + (s.waiting ? ' +' + s.waiting + 'w' : '') + ' / ' + s.max })));
    }
  }

  function budget(b) {
    const box = $('budget');
    box.replaceChildren();
    if (b.error) box.append(el('div', { class: 'err', text: b.error }));
    for (const c of b.checks) {
      const bar = el('div');
      bar.style.width = Math.min(100, (c.need / Math.max(1, c.limit)) * 100) + '%';
      box.append(el('div', { class: 'check ' + (c.fits ? 'ok' : 'no') },
        el('span', { class: 'mark', text: c.fits ? 'fits' : 'over' }),
        el('div', {},
          el('div', { text: c.what + ': ' + c.need + ' of ' + c.limit }),
          el('div', { class: 'meter' }, bar),
          el('div', { class: 'muted small', text: c.detail }),
          ...c.advice.map((a) => el('div', { class: 'small err', text: a })))));
    }
    const dl = el('dl');
    const add = (k, v) => dl.append(el('dt', { text: k }), el('dd', { text: String(v) }));
    add('DB_POOL_MAX (this host)', b.poolMax);
    if (b.pg) {
      add('PostgreSQL', b.pg.version);
      add('max_connections', b.pg.maxConnections);
      add('reserved', b.pg.superuserReserved + b.pg.reserved);
      add('backends now', b.pg.backends + ' (' + b.pg.ours + ' of this application_name)');
    }
    if (b.bouncer) {
      add('PgBouncer pool_mode', b.bouncer.poolMode);
      add('max_client_conn', b.bouncer.maxClientConn);
      add('default_pool_size', b.bouncer.defaultPoolSize + (b.bouncer.reservePoolSize ? ' + ' + b.bouncer.reservePoolSize + ' reserve' : ''));
    } else if (b.bouncerError) {
      add('PgBouncer', b.bouncerError);
    } else {
      add('PgBouncer', 'not checked (set PGBOUNCER_ADMIN_URL)');
    }
    if (b.checkedAt) add('read at', new Date(b.checkedAt).toLocaleTimeString());
    box.append(dl);
  }

  poll();
})();
`;
