import type { WebhookFormat } from '../entities/integration.ts';

/** What is delivered: Standard Webhooks' envelope, before it is shaped for the endpoint's format. */
export interface Envelope {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

const flat = (data: Record<string, unknown>, prefix = ''): Record<string, string | number | boolean | null> => {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(data)) {
    const key = prefix ? `${prefix}_${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flat(v as Record<string, unknown>, key));
    else out[key] = Array.isArray(v) ? JSON.stringify(v) : (v as string | number | boolean | null);
  }
  return out;
};

const TITLES: Record<string, string> = {
  'bet.placed': 'Bet placed',
  'bet.settled': 'Bet settled',
  'odds.moved': 'Odds moved',
  'game.final': 'Final score',
  'webhook.test': 'Test from DBSBM',
};

/**
 * The request body for an endpoint's format: `standard` is the envelope `{type, timestamp, data}`; `discord` an
 * embed for a Discord webhook URL; `zapier` flat JSON; `ifttt` the Maker service's `value1..value3`.
 */
export function formatBody(format: WebhookFormat, envelope: Envelope): string {
  switch (format) {
    case 'discord':
      return JSON.stringify({
        username: 'DBSBM',
        embeds: [
          {
            title: TITLES[envelope.type] ?? envelope.type,
            timestamp: envelope.timestamp,
            fields: Object.entries(flat(envelope.data))
              .slice(0, 25)
              .map(([name, value]) => ({ name, value: String(value ?? '—').slice(0, 1024), inline: true })),
          },
        ],
      });
    case 'zapier':
      // `event`, not `type`: a bet's own `type` field would overwrite it in a flat object.
      return JSON.stringify({ event: envelope.type, timestamp: envelope.timestamp, ...flat(envelope.data) });
    case 'ifttt': {
      const values = Object.values(flat(envelope.data));
      return JSON.stringify({ value1: envelope.type, value2: values.slice(0, 3).map(String).join(' · '), value3: JSON.stringify(envelope.data) });
    }
    default:
      return JSON.stringify(envelope);
  }
}
