import { z } from 'zod';

/** Options of the stream plugin (plugins.config.ts). */
export const streamOptions = z
  .object({
    /** How long every topic keeps its events for clients that reconnect, in milliseconds (at least 2 minutes). @default 300000 */
    historyMs: z.number().int().min(120_000).max(86_400_000).default(300_000),
    /** The most events one topic keeps, whatever their age. @default 20000 */
    maxTopicLength: z.number().int().min(1_000).max(1_000_000).default(20_000),
    /** The shortest time between two conflated price updates sent to one client, in milliseconds. @default 250 */
    conflateMs: z.number().int().min(0).max(10_000).default(250),
    /** Heartbeat period (SSE comment, WebSocket ping), in milliseconds. @default 15000 */
    heartbeatMs: z.number().int().min(1_000).max(120_000).default(15_000),
    /** A client whose unsent data passes this many bytes is dropped (it reconnects and resumes). @default 4194304 */
    maxBufferBytes: z.number().int().min(16_384).max(268_435_456).default(4 * 1024 * 1024),
    /** Topics one connection may follow at once. @default 50 */
    maxTopicsPerClient: z.number().int().min(1).max(500).default(50),
  })
  .strict()
  .default({ historyMs: 300_000, maxTopicLength: 20_000, conflateMs: 250, heartbeatMs: 15_000, maxBufferBytes: 4 * 1024 * 1024, maxTopicsPerClient: 50 });

export type StreamOptions = z.output<typeof streamOptions>;
