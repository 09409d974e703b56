/**
 * The DBSBM SDK: a typed client for a deployment's public API, generated from its OpenAPI 3.1 document.
 * @packageDocumentation
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

/** A named shape of the API (`Schema<'Problem'>`, `Schema<'Bet'>`): every `components.schemas` entry. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The RFC 9457 problem document every error answers with; branch on its `code`. */
export type Problem = components['schemas']['Problem'];

/** The client {@link createDbsbmClient} returns: `GET`, `POST`, `PATCH`, `DELETE` typed by path. */
export type DbsbmClient = Client<paths>;

export interface DbsbmClientOptions {
  /** The deployment's address, e.g. `https://bets.example.com` (paths in the API start with `/api/v1`). */
  baseUrl: string;
  /** A key of one Discord server (`dbsbm_…`), created in Discord with `/api key create`. Omit it for the public routes only. */
  apiKey?: string;
  /** Another `fetch` (a test double, a proxy-aware one). @default globalThis.fetch */
  fetch?: ClientOptions['fetch'];
  /** Headers sent with every request, besides the key. */
  headers?: Record<string, string>;
}

/**
 * A client for a DBSBM deployment, with the key sent as `Authorization: Bearer …` on every request. Calls answer
 * `{ data, error, response }`: `error` is the problem document when the status is not 2xx.
 * @example
 * const api = createDbsbmClient({ baseUrl: 'https://bets.example.com', apiKey: process.env.DBSBM_API_KEY });
 * const { data, error } = await api.GET('/api/v1/openapi.json');
 */
export function createDbsbmClient(options: DbsbmClientOptions): DbsbmClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

export { DbsbmError } from './errors.js';
export { mintToken, type AccessToken } from './tokens.js';
export { createStreamClient } from './stream/client.js';
export { isStreamEvent, type CompetitionData, type LeaderboardRow, type StandingsRow, type StreamEvent, type StreamEventData, type StreamEventName, type StreamTopic } from './stream/events.js';
export type { StreamClient, StreamClientOptions, StreamDisconnect, StreamEnd, StreamOpen, StreamResync } from './stream/types.js';
