import type { DbsbmServices } from 'dbsbm';

/**
 * What analytics reads from the betting plugin, through `ctx.use('betting')`: its types come from the service
 * declaration (`DbsbmServices`), never from betting's files.
 */
export type BettingApi = DbsbmServices['betting'];

/** The calendar periods `/stats` knows. */
export type Period = BettingApi['periods'][number];
