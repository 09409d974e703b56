// The live stream in a browser, with no library. The page's own backend mints a short-lived token with its API
// key (POST /api/v1/tokens, e.g. the SDK's mintToken) and hands it to the page: the key never reaches the browser.

/** Asks this site's backend for a stream token: `{ token, expiresAt }`. */
async function fetchToken() {
  const res = await fetch('/stream-token', { method: 'POST' });
  if (!res.ok) throw new Error(`no stream token: ${res.status}`);
  return res.json();
}

// EventSource calls a listener only for the event names it was given, so every event the stream sends is named.
const EVENTS = ['odds.moved', 'game.started', 'game.score', 'game.final', 'bet.placed', 'bet.settled', 'bet.voided', 'bet.cancelled', 'leaderboard.updated', 'competition.started', 'competition.standings', 'competition.ended'];

/** A wait that doubles from 1 s to a minute, jittered, so many pages do not come back at the same moment. */
const backoff = (failures) => Math.min(60_000, 1_000 * 2 ** failures) * (0.5 + Math.random() / 2);

/**
 * Server-Sent Events. The browser reconnects by itself and sends Last-Event-ID; the page steps in only to renew
 * the token before it expires, and when the browser gave up (a 401 once the token had expired). A new EventSource
 * does not carry the old one's id, so its URL carries it as `lastEventId`.
 */
export function followWithEventSource({ topics, onEvent, onResync, onStatus }) {
  let source = null;
  let lastEventId = null;
  let failures = 0;
  let timer = null;
  let stopped = false;

  async function open() {
    clearTimeout(timer);
    let token, expiresAt;
    try {
      ({ token, expiresAt } = await fetchToken());
    } catch {
      return retry();
    }
    if (stopped) return;
    const url = new URL('/api/v1/stream', location.origin);
    url.searchParams.set('topics', topics.join(','));
    url.searchParams.set('access_token', token);
    if (lastEventId) url.searchParams.set('lastEventId', lastEventId);
    // Swapped in one step: the old connection stops before the new one starts from the last id it handed over.
    source?.close();
    source = new EventSource(url);
    for (const name of EVENTS) {
      source.addEventListener(name, (e) => {
        lastEventId = e.lastEventId;
        onEvent(JSON.parse(e.data));
      });
    }
    source.addEventListener('ready', (e) => {
      lastEventId = e.lastEventId;
      failures = 0;
      onStatus('live');
    });
    source.addEventListener('resync', (e) => {
      lastEventId = e.lastEventId;
      onResync(JSON.parse(e.data).topics);
    });
    source.addEventListener('closed', (e) => {
      // `gate`: live streaming is off for this server; reconnecting would be refused. Otherwise (`shutdown`,
      // `slow`) the browser reconnects by itself and resumes.
      if (JSON.parse(e.data).reason === 'gate') stop('off');
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) retry();
      else onStatus('reconnecting');
    });
    // Renew with a fresh token while this one still works.
    timer = setTimeout(open, Math.max(5_000, (Date.parse(expiresAt) - Date.now()) * 0.75));
  }

  function retry() {
    if (stopped) return;
    onStatus('reconnecting');
    clearTimeout(timer);
    timer = setTimeout(open, backoff(failures++));
  }

  function stop(status = 'stopped') {
    stopped = true;
    clearTimeout(timer);
    source?.close();
    onStatus(status);
  }

  open();
  return { stop, lastId: () => lastEventId };
}

/**
 * A WebSocket. The token is checked only when the socket opens, so each connection mints a fresh one. The page
 * reconnects itself, sending the id of the last message it got as `lastId`.
 */
export function followWithWebSocket({ topics, onEvent, onResync, onStatus }) {
  let ws = null;
  let lastId = null;
  let failures = 0;
  let timer = null;
  let watchdog = null;
  let stopped = false;

  async function open() {
    let token;
    try {
      ({ token } = await fetchToken());
    } catch {
      return retry();
    }
    if (stopped) return;
    const url = new URL('/api/v1/ws', location.origin);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('access_token', token);
    const socket = (ws = new WebSocket(url));
    let heard = Date.now();
    socket.onopen = () => socket.send(JSON.stringify({ type: 'subscribe', topics, ...(lastId ? { lastId } : {}) }));
    socket.onmessage = (m) => {
      heard = Date.now();
      const msg = JSON.parse(m.data);
      if (msg.type === 'event') {
        lastId = msg.id;
        onEvent(msg);
      } else if (msg.type === 'resync') {
        lastId = msg.id;
        onResync(msg.topics);
      } else if (msg.type === 'subscribed') {
        lastId = msg.id;
        failures = 0;
        onStatus('live');
      } else if (msg.type === 'error') console.warn(`stream: ${msg.code}: ${msg.message}`);
    };
    socket.onclose = (e) => {
      clearInterval(watchdog);
      if (stopped || socket !== ws) return;
      // 4403: live streaming is off for this server; do not retry. 1001 (instance shutting down), 4008 (too slow)
      // and a cut connection: reconnect and resume from lastId, on whichever instance answers.
      if (e.code === 4403) return stop('off');
      retry();
    };
    // The browser answers the server's pings but does not show them: ask for a pong, and give up on a silent socket.
    clearInterval(watchdog);
    watchdog = setInterval(() => {
      if (Date.now() - heard > 35_000) {
        ws = null;
        socket.close();
        retry();
      } else if (socket.readyState === WebSocket.OPEN) socket.send('{"type":"ping"}');
    }, 15_000);
  }

  function retry() {
    if (stopped) return;
    onStatus('reconnecting');
    clearTimeout(timer);
    timer = setTimeout(open, backoff(failures++));
  }

  function stop(status = 'stopped') {
    stopped = true;
    clearTimeout(timer);
    clearInterval(watchdog);
    ws?.close();
    onStatus(status);
  }

  open();
  return { stop, lastId: () => lastId };
}

// The page: ?transport=ws picks the WebSocket, ?topics= what to follow.
const params = new URLSearchParams(location.search);
const list = document.querySelector('#events');
const status = document.querySelector('#status');
const follow = params.get('transport') === 'ws' ? followWithWebSocket : followWithEventSource;
follow({
  topics: (params.get('topics') ?? 'scores').split(','),
  onEvent(e) {
    const item = document.createElement('li');
    Object.assign(item.dataset, { id: e.id, topic: e.topic, event: e.event });
    item.textContent = `${e.topic} ${e.event} ${JSON.stringify(e.data)}`;
    list.append(item);
  },
  onResync(topics) {
    // Missed events of these topics are gone: refetch their state (through your backend's REST calls).
    const item = document.createElement('li');
    item.dataset.resync = topics.join(',');
    item.textContent = `refetch ${topics.join(', ')}`;
    list.append(item);
  },
  onStatus(text) {
    status.textContent = text;
  },
});
