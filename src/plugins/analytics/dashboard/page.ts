const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--ink:#1f2328;--muted:#656d76;--line:#d0d7de;--good:#1a7f37;--bad:#cf222e;--accent:#5865f2}
@media (prefers-color-scheme:dark){:root{--bg:#1e1f22;--card:#2b2d31;--ink:#f2f3f5;--muted:#a8adb4;--line:#3f4147;--good:#3fb950;--bad:#f85149}}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--ink)}
header{padding:16px;border-bottom:1px solid var(--line);background:var(--card)}h1{font-size:20px;margin:0}h2{font-size:16px;margin:0 0 8px}
main{padding:12px;max-width:1100px;margin:0 auto;display:grid;gap:12px}
.filters{display:flex;flex-wrap:wrap;gap:8px}.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
select,button{font:inherit;padding:6px 8px;border-radius:6px;border:1px solid var(--line);background:var(--card);color:var(--ink)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px}.card .k{font-size:12px;color:var(--muted)}.card .v{font-size:22px;font-weight:600}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px;overflow-x:auto}
img.chart{width:100%;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:right;padding:6px;border-bottom:1px solid var(--line);white-space:nowrap}th:first-child,td:first-child{text-align:left}
tr.pick{cursor:pointer}tr.pick:hover{background:rgba(88,101,242,.12)}.pos{color:var(--good)}.neg{color:var(--bad)}.muted{color:var(--muted);font-size:13px}
#crumbs button{border:none;background:none;color:var(--accent);padding:0;cursor:pointer}
`;

// The page's script: reads its token from the address, asks /dashboard/data, draws, and reloads on each update
// from the event stream. Everything user-controlled is written with textContent, never as HTML.
const SCRIPT = `
const q = new URLSearchParams(location.search); const token = q.get('t');
const state = { period: q.get('period') || 'month', sport: '', league: '', betType: '', capper: '' , metric: 'net'};
const $ = (id) => document.getElementById(id);
const units = (n) => (n > 0 ? '+' : n < 0 ? '\\u2212' : '') + Math.abs(n).toFixed(2) + 'u';
const plain = (n) => Math.abs(n).toFixed(2) + 'u';
const pct = (n) => n === null || n === undefined ? '\\u2014' : (n * 100).toFixed(1) + '%';
function params(extra) { const p = new URLSearchParams({ t: token, period: state.period }); for (const k of ['sport','league','betType','capper']) if (state[k]) p.set(k, state[k]); for (const [k,v] of Object.entries(extra||{})) p.set(k, v); return p; }
function cell(tr, text, cls) { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); return td; }
function fillSelect(sel, values, current) { const keep = sel.value; sel.replaceChildren(); const all = document.createElement('option'); all.value=''; all.textContent='All'; sel.appendChild(all); for (const v of values) { const o = document.createElement('option'); o.value = v; o.textContent = v; sel.appendChild(o); } sel.value = current || keep || ''; }
let loading = 0;
async function load() {
  const mine = ++loading;
  const res = await fetch('/dashboard/data?' + params());
  if (!res.ok) { const p = await res.json().catch(() => ({ title: 'Error', detail: '' })); $('status').textContent = p.title + '. ' + (p.detail || ''); return; }
  const d = await res.json(); if (mine !== loading) return;
  const s = d.summary;
  $('v-bets').textContent = String(s.bets); $('v-record').textContent = s.wins + '-' + s.losses + '-' + s.pushes;
  $('v-winrate').textContent = pct(s.winRate); $('v-risked').textContent = plain(s.risked);
  $('v-net').textContent = units(s.net); $('v-net').className = 'v ' + (s.net > 0 ? 'pos' : s.net < 0 ? 'neg' : '');
  $('v-roi').textContent = pct(s.roi); $('v-clv').textContent = s.clv === null ? '\\u2014' : (s.clv >= 0 ? '+' : '') + (s.clv * 100).toFixed(1) + '%';
  $('v-active').textContent = String(s.activeMembers);
  const e = d.engagement; $('v-dau').textContent = e.dau + ' / ' + e.wau + ' / ' + e.mau;
  const b = d.benchmark; $('bench').textContent = b.trailingAverage === null ? 'No earlier ' + b.period + 's to compare with yet.' : 'Net this ' + b.period + ': ' + units(b.current ?? 0) + ' against a trailing average of ' + units(b.trailingAverage) + ' over the previous ' + b.previous.filter(p => p.value !== null).length + ' ' + b.period + 's (better than or equal to ' + pct(b.percentile) + ' of them).';
  $('filters-text').textContent = d.filterText.map(f => f.label + ': ' + f.value).join(' \\u00b7 ');
  fillSelect($('sport'), d.options.sports, state.sport); fillSelect($('league'), d.options.leagues, state.league);
  $('chart').src = '/dashboard/chart.svg?' + params({ metric: state.metric });
  const ct = $('cappers-body'); ct.replaceChildren();
  for (const c of d.cappers) { const tr = document.createElement('tr'); tr.className = 'pick'; tr.dataset.user = c.userId; cell(tr, c.name); cell(tr, String(c.bets)); cell(tr, c.wins + '-' + c.losses + '-' + c.pushes); cell(tr, pct(c.winRate)); cell(tr, units(c.net), c.net > 0 ? 'pos' : c.net < 0 ? 'neg' : ''); cell(tr, pct(c.roi)); tr.onclick = () => { state.capper = c.userId; load(); }; ct.appendChild(tr); }
  $('cappers').hidden = Boolean(state.capper);
  const bs = $('bets'); bs.hidden = !d.bets; $('crumbs').hidden = !state.capper;
  if (d.bets) { $('capper-name').textContent = (d.cappers.find(c => c.userId === state.capper) || {}).name || state.capper; const bt = $('bets-body'); bt.replaceChildren(); for (const r of d.bets) { const tr = document.createElement('tr'); cell(tr, new Date(r.settledAt).toISOString().slice(0,10)); cell(tr, r.description); cell(tr, r.decimal.toFixed(2)); cell(tr, plain(r.units)); cell(tr, r.result); cell(tr, units(r.net), r.net > 0 ? 'pos' : r.net < 0 ? 'neg' : ''); bt.appendChild(tr); } }
  const co = $('cohorts-body'); co.replaceChildren();
  for (const c of e.cohorts) { const tr = document.createElement('tr'); cell(tr, c.week); cell(tr, String(c.size)); cell(tr, c.retention.map(pct).join(' \\u00b7 ')); co.appendChild(tr); }
  $('updated').textContent = 'Updated ' + new Date(d.generatedAt).toLocaleTimeString();
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
}
for (const id of ['period','sport','league','betType','metric']) $(id).addEventListener('change', (ev) => { state[id] = ev.target.value; load(); });
$('period').value = state.period;
$('back').onclick = () => { state.capper = ''; load(); };
const es = new EventSource('/dashboard/events?' + new URLSearchParams({ t: token }));
es.addEventListener('update', () => load());
es.onopen = () => { $('live').textContent = 'live'; document.body.dataset.live = 'yes'; };
es.onerror = () => { $('live').textContent = 'reconnecting\\u2026'; };
load();
`;

/**
 * The dashboard: one self-contained, mobile-friendly page (no build step, no third-party script). Its inline style
 * and script carry the response's CSP nonce (`cspNonce(res)`), the only way the core's policy lets inline code run.
 */
export function dashboardPage(nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Server analytics</title><style nonce="${nonce}">${STYLE}</style></head><body>
<header><h1>Server analytics</h1><div class="muted"><span id="filters-text"></span> · <span id="updated"></span> · <span id="live">connecting…</span></div></header>
<main>
<div class="filters">
<label>Period<select id="period"><option value="day">Today</option><option value="week">This week</option><option value="month">This month</option><option value="year">This year</option><option value="all">All time</option></select></label>
<label>Sport<select id="sport"><option value="">All</option></select></label>
<label>League<select id="league"><option value="">All</option></select></label>
<label>Bet type<select id="betType"><option value="">All</option><option value="game_line">Game line</option><option value="player_prop">Player prop</option><option value="parlay">Parlay</option></select></label>
<label>Chart<select id="metric"><option value="net">Net units</option><option value="bets">Bets per day</option><option value="risked">Units risked</option><option value="members">Active members</option></select></label>
</div>
<div id="crumbs" hidden><button id="back">← All cappers</button> / <strong id="capper-name"></strong></div>
<div class="cards">
<div class="card"><div class="k">Bets settled</div><div class="v" id="v-bets" data-testid="bets">…</div></div>
<div class="card"><div class="k">Record (W-L-P)</div><div class="v" id="v-record" data-testid="record">…</div></div>
<div class="card"><div class="k">Win rate</div><div class="v" id="v-winrate" data-testid="win-rate">…</div></div>
<div class="card"><div class="k">Units risked</div><div class="v" id="v-risked" data-testid="risked">…</div></div>
<div class="card"><div class="k">Net units</div><div class="v" id="v-net" data-testid="net">…</div></div>
<div class="card"><div class="k">ROI</div><div class="v" id="v-roi" data-testid="roi">…</div></div>
<div class="card"><div class="k">Closing line value</div><div class="v" id="v-clv" data-testid="clv">…</div></div>
<div class="card"><div class="k">Active members</div><div class="v" id="v-active" data-testid="active">…</div></div>
<div class="card"><div class="k">Daily / weekly / monthly active</div><div class="v" id="v-dau" data-testid="dau">…</div></div>
</div>
<section><h2>Trend</h2><img class="chart" id="chart" alt="Chart of the selected metric"><p class="muted" id="bench" data-testid="benchmark"></p></section>
<section id="cappers"><h2>Cappers</h2><p class="muted">Tap a capper to see their bets.</p><table><thead><tr><th>Capper</th><th>Bets</th><th>W-L-P</th><th>Win rate</th><th>Net</th><th>ROI</th></tr></thead><tbody id="cappers-body"></tbody></table></section>
<section id="bets" hidden><h2>Bets</h2><table><thead><tr><th>Settled</th><th>Bet</th><th>Odds</th><th>Stake</th><th>Result</th><th>Net</th></tr></thead><tbody id="bets-body"></tbody></table></section>
<section><h2>Retention by weekly cohort</h2><p class="muted">Members grouped by the week of their first settled bet; the share active in each week after.</p><table><thead><tr><th>Cohort</th><th>Members</th><th>Week 0 · 1 · 2 …</th></tr></thead><tbody id="cohorts-body"></tbody></table></section>
<p class="muted" id="status"></p>
</main><script nonce="${nonce}">${SCRIPT}</script></body></html>`;
}

/** What an expired or forged link shows: what happened and what to do. */
export function linkProblemPage(title: string, detail: string, nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main><section><h1>${escape(title)}</h1><p>${escape(detail)}</p></section></main></body></html>`;
}
