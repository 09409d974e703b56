import { GraphQLInputObjectType, GraphQLList, GraphQLNonNull, type GraphQLInputFieldConfig, type GraphQLInputType } from 'graphql';
import { z } from 'zod';
import { GraphQLJSON } from './json-scalar.ts';
import type { LeafTypes } from './leaf-types.ts';
import { pascal, type TypeNames } from './names.ts';
import { metaIdOf, peel, type ShapeSide } from './zod-peel.ts';

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** An input's type, and whether a caller may leave it out. */
export interface InputField {
  readonly type: GraphQLInputType;
  readonly optional: boolean;
  readonly description?: string;
}

/**
 * Query and body shapes as GraphQL input types. An input object keeps the route's own keys (so a body reaches the
 * route exactly as sent); one with a key GraphQL cannot spell becomes `JSON`.
 */
export class InputTypes {
  readonly #objects = new Map<z.ZodType, GraphQLInputType>();

  constructor(
    private readonly names: TypeNames,
    private readonly leaves: LeafTypes,
  ) {}

  field(schema: z.ZodType, hint: string, side: Exclude<ShapeSide, 'output'>, plugin: string): InputField {
    const peeled = peel(schema, side);
    const base = this.#nullable(peeled.inner, hint, side, plugin);
    const optional = peeled.optional || peeled.nullable || (peeled.inner instanceof z.ZodObject && this.#allOptional(peeled.inner, side));
    return { type: optional ? base : new GraphQLNonNull(base), optional, ...(peeled.description ? { description: peeled.description } : {}) };
  }

  #allOptional(shape: z.ZodObject, side: Exclude<ShapeSide, 'output'>): boolean {
    return Object.values(shape.shape as Record<string, z.ZodType>).every((field) => peel(field, side).optional);
  }

  #nullable(inner: z.ZodType, hint: string, side: Exclude<ShapeSide, 'output'>, plugin: string): GraphQLInputType {
    const leaf = this.leaves.of(inner, hint, plugin);
    if (leaf) return leaf;
    if (inner instanceof z.ZodArray) return new GraphQLList(this.field(inner.element as z.ZodType, `${hint}Item`, side, plugin).type);
    if (inner instanceof z.ZodObject) return this.#object(inner, hint, side, plugin);
    return GraphQLJSON;
  }

  #object(shape: z.ZodObject, hint: string, side: Exclude<ShapeSide, 'output'>, plugin: string): GraphQLInputType {
    const known = this.#objects.get(shape);
    if (known) return known;
    const entries = Object.entries(shape.shape as Record<string, z.ZodType>);
    if (entries.length === 0 || entries.some(([key]) => !NAME.test(key) || key.startsWith('__'))) {
      this.#objects.set(shape, GraphQLJSON);
      return GraphQLJSON;
    }
    const id = metaIdOf(shape);
    // A body named `PlaceBetInput` keeps its name; an output shape reused as input gets `Input` added.
    const name = id?.endsWith('Input') ? this.names.take(id, { declared: true }) : this.names.take(`${id ?? hint.replace(/Input$/, '')}Input`);
    const type = new GraphQLInputObjectType({
      name,
      fields: (): Record<string, GraphQLInputFieldConfig> =>
        Object.fromEntries(
          entries.map(([key, schema]) => {
            const field = this.field(schema, `${name.replace(/Input$/, '')}${pascal(key)}`, side, plugin);
            return [key, { type: field.type, ...(field.description ? { description: field.description } : {}) }];
          }),
        ),
    });
    this.#objects.set(shape, type);
    return type;
  }
}

/**
 * A body as its route reads it. GraphQL clients send `null` for an input field they leave empty, where a route's
 * shape often takes "left out" but not null: such nulls are dropped, and a field the shape declares nullable keeps
 * its null.
 */
export function bodyOf(value: unknown, schema: z.ZodType): unknown {
  const { inner } = peel(schema, 'body');
  if (Array.isArray(value)) return inner instanceof z.ZodArray ? value.map((item: unknown) => bodyOf(item, inner.element as z.ZodType)) : value;
  if (typeof value !== 'object' || value === null || !(inner instanceof z.ZodObject)) return value;
  const shape = inner.shape as Record<string, z.ZodType>;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const declared = shape[key];
    if (field === null && declared && !peel(declared, 'body').nullable) continue;
    out[key] = declared ? bodyOf(field, declared) : field;
  }
  return out;
}
