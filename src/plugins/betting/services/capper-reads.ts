import type { EntityManager } from '@mikro-orm/knex';
import { CapperSchema, type Capper } from '../entities/capper.ts';
import { afterRow, type Keyset } from './keyset.ts';

/** A page of a server's cappers (members with a `/capper setup` profile), in the order they set it up. */
export async function listCappers(em: EntityManager, guildId: string, keyset: Keyset): Promise<Capper[]> {
  return em.find(CapperSchema, { guildId, ...afterRow('createdAt', keyset) }, { orderBy: { createdAt: keyset.order, id: keyset.order }, limit: keyset.limit });
}
