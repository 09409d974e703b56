import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import express from 'express';
import * as mariadb from 'mariadb';
import mysql from 'mysql2/promise';
import { encodeCursor } from '../../src/core/api/cursor.ts';
import { parseDatabaseUrl } from '../../src/core/db/database-url.ts';
import { DEFAULT_POOL_MAX } from '../../src/core/db/orm.ts';
import { formatOdds, type OddsFormat } from '../../src/plugins/betting/services/odds.ts';
import { winNet } from '../../src/plugins/betting/services/payout.ts';

type Row = Record<string, unknown>;

/** The two statements the list runs, on the driver itself: no ORM, no entity objects. */
interface BareReads {
  betsOf(guildId: string, limit: number): Promise<Row[]>;
  legsOf(betIds: number[]): Promise<Row[]>;
  close(): Promise<void>;
}

// The ORM's statements for `listBets` (bet-reads.ts) on the first page, written out: the page plus one row, then the
// legs of the parlays on it.
const BETS_SQL = 'select * from `betting_bets` where `guild_id` = ? order by `placed_at` desc, `id` desc limit ?';
const legsSql = (n: number): string => `select * from \`betting_bet_legs\` where \`bet_id\` in (${Array.from({ length: n }, () => '?').join(', ')}) order by \`bet_id\` asc, \`id\` asc`;

async function openReads(url: string): Promise<BareReads> {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite') {
    const db = new BetterSqlite3(target.dbName, { readonly: true });
    const bets = db.prepare(BETS_SQL);
    const legs = new Map<number, BetterSqlite3.Statement>();
    return {
      betsOf: async (guildId, limit) => bets.all(guildId, limit) as Row[],
      async legsOf(ids) {
        let s = legs.get(ids.length);
        if (!s) legs.set(ids.length, (s = db.prepare(legsSql(ids.length))));
        return s.all(...ids) as Row[];
      },
      close: async () => void db.close(),
    };
  }
  // A pool as large as the app's (DATABASE_POOL_MAX's default), through the driver the app's ORM picks for this
  // server (src/core/db/orm.ts): the mariadb connector on MariaDB, mysql2 on MySQL.
  const uri = url.replace(/^mariadb:/, 'mysql:');
  const mysqlPool = mysql.createPool({ uri, connectionLimit: DEFAULT_POOL_MAX, supportBigNumbers: true });
  const [versionRows] = await mysqlPool.query('select version() as version');
  if (/mariadb/i.test(String((versionRows as Row[])[0]?.version))) {
    await mysqlPool.end();
    const target = new URL(uri);
    const pool = mariadb.createPool({
      host: target.hostname,
      port: Number(target.port || 3306),
      user: decodeURIComponent(target.username),
      password: decodeURIComponent(target.password),
      database: target.pathname.slice(1),
      connectionLimit: DEFAULT_POOL_MAX,
    });
    return {
      betsOf: (guildId, limit) => pool.query<Row[]>(BETS_SQL, [guildId, limit]),
      legsOf: (ids) => pool.query<Row[]>(legsSql(ids.length), ids),
      close: () => pool.end(),
    };
  }
  return {
    betsOf: async (guildId, limit) => (await mysqlPool.query(BETS_SQL, [guildId, limit]))[0] as Row[],
    legsOf: async (ids) => (await mysqlPool.query(legsSql(ids.length), ids))[0] as Row[],
    close: () => mysqlPool.end(),
  };
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());

/** A bet row as the API's Bet: the same fields and formulas as betting's bet-json.ts, written against raw rows. */
function betOf(b: Row, legs: Row[], oddsFormat: OddsFormat): Row {
  const decimal = num(b.decimal);
  const units = num(b.units);
  return {
    id: num(b.id),
    userId: b.user_id,
    type: b.type,
    status: b.status,
    verified: Boolean(b.verified),
    units,
    decimal,
    american: num(b.american),
    odds: formatOdds(decimal, oddsFormat),
    toWin: winNet(units, decimal),
    net: numOrNull(b.net),
    placedAt: iso(b.placed_at),
    settledAt: iso(b.settled_at),
    gameId: numOrNull(b.game_id),
    market: b.market ?? null,
    selection: b.selection ?? null,
    line: numOrNull(b.line),
    description: b.description ?? null,
    sport: b.sport ?? null,
    league: b.league ?? null,
    source: b.source_bet_id !== null && b.source_kind !== null ? { betId: num(b.source_bet_id), kind: b.source_kind } : null,
    legs: legs.map((l) => ({ gameId: num(l.game_id), market: l.market, selection: l.selection, line: numOrNull(l.line), decimal: num(l.decimal), result: l.result })),
  };
}

export interface BareServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The baseline: a bare Express 5 app on loopback with no middleware. `GET /api/v1/betting/stats` answers the JSON
 * captured from ours; `GET /api/v1/betting/bets?limit=` runs the list's SQL through the driver and answers the same
 * JSON page as ours (same fields, prices in the server's odds format, the same opaque cursor). No key, no limit, no
 * usage row, no validation: what ours costs beyond this is the framework.
 */
export async function startBare(input: { dbUrl: string; guildId: string; stats: unknown; oddsFormat: OddsFormat }): Promise<BareServer> {
  const reads = await openReads(input.dbUrl);
  const app = express();
  app.get('/api/v1/betting/stats', (_req, res) => {
    res.json(input.stats);
  });
  app.get('/api/v1/betting/bets', (req, res, next) => {
    const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 20) || 20));
    const run = async (): Promise<void> => {
      const rows = await reads.betsOf(input.guildId, limit + 1);
      const page = rows.slice(0, limit);
      const parlays = page.filter((b) => b.type === 'parlay').map((b) => num(b.id));
      const legs = parlays.length ? await reads.legsOf(parlays) : [];
      const last = page[page.length - 1];
      res.json({
        data: page.map((b) => betOf(b, legs.filter((l) => num(l.bet_id) === num(b.id)), input.oddsFormat)),
        has_more: rows.length > limit,
        next_cursor: rows.length > limit && last ? encodeCursor({ v: num(last.placed_at), id: num(last.id) }) : null,
      });
    };
    run().catch(next);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await reads.close();
    },
  };
}
