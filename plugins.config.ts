import betting from './src/plugins/betting/index.ts';
import webhooks from './src/plugins/webhooks/index.ts';
import analytics from './src/plugins/analytics/index.ts';
import ml from './src/plugins/ml/index.ts';
import performance from './src/plugins/performance/index.ts';
import api from './src/plugins/api/index.ts';
import stream from './src/plugins/stream/index.ts';
import notifications from './src/plugins/notifications/index.ts';
import type { PluginEntry } from './src/index.ts';

const localMode = !process.env.DISCORD_TOKEN;

/**
 * The plugins this bot loads, with their options. Order does not matter: the manager sorts by `requires`.
 * Entries are a definition, `{ plugin, options }`, or `{ package: 'npm-package-name', options }` for a plugin
 * installed from npm.
 */
const plugins: (PluginEntry | { package: string; options?: unknown })[] = [
  {
    plugin: betting,
    options: {
      // Local mode replays a real season (England 2022-2023) as if live: ten match minutes per second, games
      // announced with opening prices a match-day ahead, the season's gaps shortened so at least 3 games are always
      // open to bet on, and the season replayed again when it ends. With a token, set ODDS_API_KEY for live prices.
      feed: process.env.ODDS_API_KEY
        ? { kind: 'odds-api', apiKey: process.env.ODDS_API_KEY, sports: (process.env.ODDS_API_SPORTS ?? 'soccer_epl').split(',') }
        : localMode
          ? { kind: 'replay', speed: 600, leadMinutes: 1440, minUpcoming: 3, loop: true }
          : { kind: 'none' },
    },
  },
  // Webhooks need a key to seal signing secrets at rest: DBSBM_SECRET_KEY (32+ characters). Local mode uses a
  // development key and lets endpoints on this machine receive (WEBHOOK_ALLOWED_HOSTS adds more hosts).
  ...(process.env.DBSBM_SECRET_KEY || localMode
    ? [
        {
          plugin: webhooks,
          options: {
            secretKey: process.env.DBSBM_SECRET_KEY || 'local-mode-development-key-not-for-production-use',
            allowedHosts: [
              ...(process.env.WEBHOOK_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
              ...(localMode ? ['127.0.0.1', 'localhost'] : []),
            ],
          },
        },
      ]
    : []),
  // Analytics signs dashboard links with DBSBM_SECRET_KEY (local mode: a development key). PUBLIC_URL is the address
  // people open them at (default: this machine's HTTP port).
  {
    plugin: analytics,
    options: {
      ...(process.env.DBSBM_SECRET_KEY || localMode ? { linkSecret: process.env.DBSBM_SECRET_KEY || 'local-mode-development-key-not-for-production-use' } : {}),
      ...(process.env.PUBLIC_URL ? { publicUrl: process.env.PUBLIC_URL } : {}),
    },
  },
  // Predictions from the model shipped in src/plugins/ml/artefacts (retrain with `npm run ml -- train`).
  { plugin: ml },
  // Minute figures, alerts to the bot owners (BOT_OWNER_IDS) and `/performance`; rules: src/plugins/performance/README.md.
  { plugin: performance },
  // The public API (Platinum): keys made with /api key create, docs at /api/docs, GraphQL at /api/v1/graphql.
  { plugin: api },
  // Live streaming (Platinum, the server's real_time_features flag): SSE at /api/v1/stream, WebSocket at /api/v1/ws,
  // long-poll at /api/v1/stream/poll; /live and /competition in Discord. Guide: docs/streaming.md.
  { plugin: stream },
  // Notifications (Premium): Discord DMs and channels always; e-mail with SMTP_URL + SMTP_FROM, browser push with
  // DBSBM_SECRET_KEY (local mode: a development key), text messages with TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and
  // TWILIO_FROM (TWILIO_BASE_URL for another Twilio-compatible provider). Guide: docs/notifications.md.
  {
    plugin: notifications,
    options: {
      ...(process.env.DBSBM_SECRET_KEY || localMode ? { linkSecret: process.env.DBSBM_SECRET_KEY || 'local-mode-development-key-not-for-production-use' } : {}),
      ...(process.env.PUBLIC_URL ? { publicUrl: process.env.PUBLIC_URL } : {}),
      ...(process.env.SMTP_URL ? { email: { url: process.env.SMTP_URL, from: process.env.SMTP_FROM ?? '' } } : {}),
      ...(process.env.TWILIO_ACCOUNT_SID
        ? {
            sms: {
              accountSid: process.env.TWILIO_ACCOUNT_SID,
              authToken: process.env.TWILIO_AUTH_TOKEN ?? '',
              from: process.env.TWILIO_FROM ?? '',
              ...(process.env.TWILIO_BASE_URL ? { baseUrl: process.env.TWILIO_BASE_URL } : {}),
            },
          }
        : {}),
    },
  },
  // The example third-party plugin (examples/plugin-hello), loaded the way any npm plugin is.
  { package: 'dbsbm-plugin-hello' },
];

export default plugins;
