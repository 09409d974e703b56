import type { MigrationObject } from '@mikro-orm/core';
import type { Command, InteractionHandler } from '@sapphire/framework';
import type { JobDefinition, PluginDefinition } from 'dbsbm';
import type { StreamContext } from './services/context.ts';

type PieceClass<T> = abstract new (...args: never[]) => T;

/**
 * A slice of the stream plugin (its Discord side, competitions) that index.ts merges into the one definition, so
 * each slice keeps its entities, commands, jobs and hooks in its own folder.
 */
export interface StreamPart {
  entities?: NonNullable<PluginDefinition['entities']>;
  migrations?: MigrationObject[];
  commands?: (ctx: StreamContext) => PieceClass<Command>[];
  interactionHandlers?: (ctx: StreamContext) => PieceClass<InteractionHandler>[];
  jobs?: Record<string, JobDefinition<StreamContext>>;
  setup?: (ctx: StreamContext) => void | Promise<void>;
  teardown?: (ctx: StreamContext) => void | Promise<void>;
}
