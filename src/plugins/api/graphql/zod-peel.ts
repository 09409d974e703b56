import { z } from 'zod';

/**
 * Which way a shape is read: a response (`output`), a query-string or path value (`query`: sent as text, so the
 * parsed type of a codec such as `z.stringbool()` is what a caller gives), or a JSON body (`body`).
 */
export type ShapeSide = 'output' | 'query' | 'body';

/** A shape without its wrappers, and what the wrappers said. */
export interface Peeled {
  readonly inner: z.ZodType;
  /** May be left out (optional, or a default fills it on input). */
  readonly optional: boolean;
  readonly nullable: boolean;
  /** The first `.describe()` met from the outside in. */
  readonly description?: string;
}

/** The name a shape was given with `.meta({ id })`, which GraphQL uses as its type name. */
export function metaIdOf(schema: z.ZodType): string | undefined {
  const id = z.globalRegistry.get(schema)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function descriptionOf(schema: z.ZodType): string | undefined {
  const description = z.globalRegistry.get(schema)?.description;
  return typeof description === 'string' && description !== '' ? description : undefined;
}

/**
 * Takes off optional, nullable, default, catch, readonly and lazy wrappers, and picks the side of a pipe the
 * caller meets: a response's parsed side, a query value's parsed side (it arrives as text either way), a body's
 * input side (what the JSON must hold), unless that side is a transform, which has no shape of its own.
 */
export function peel(schema: z.ZodType, side: ShapeSide): Peeled {
  let current = schema;
  let optional = false;
  let nullable = false;
  let required = false;
  let description = descriptionOf(schema);
  for (let guard = 0; guard < 64; guard++) {
    const def = current._zod.def;
    let next: z.ZodType | undefined;
    if (current instanceof z.ZodOptional || current instanceof z.ZodExactOptional) {
      optional = true;
      next = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodNullable) {
      nullable = true;
      next = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodCatch) {
      if (side !== 'output') optional = true;
      next = def.type === 'catch' ? ((current as z.ZodCatch).unwrap() as z.ZodType) : ((current as z.ZodDefault).unwrap() as z.ZodType);
    } else if (current instanceof z.ZodNonOptional) {
      required = true;
      next = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodReadonly) {
      next = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodLazy) {
      next = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      const from = current.in as z.ZodType;
      const to = current.out as z.ZodType;
      next = side === 'body' && !(from instanceof z.ZodTransform) ? from : to;
    }
    if (!next) break;
    current = next;
    description ??= descriptionOf(current);
  }
  return { inner: current, optional: optional && !required, nullable, ...(description ? { description } : {}) };
}

/**
 * Every `.meta({ id })` name reachable from a shape, so that a name derived from a field (`Bet` for `getBet`)
 * never takes a name a shape declared for itself.
 */
export function collectMetaIds(schema: z.ZodType, into: Set<string>, seen = new Set<z.ZodType>()): void {
  for (const side of ['output', 'body'] as const) {
    const inner = peel(schema, side).inner;
    if (seen.has(inner)) continue;
    seen.add(inner);
    const id = metaIdOf(inner);
    if (id) into.add(id);
    if (inner instanceof z.ZodObject) for (const field of Object.values(inner.shape as Record<string, z.ZodType>)) collectMetaIds(field, into, seen);
    else if (inner instanceof z.ZodArray) collectMetaIds(inner.element as z.ZodType, into, seen);
  }
}
