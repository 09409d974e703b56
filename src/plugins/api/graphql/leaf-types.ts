import { GraphQLBoolean, GraphQLEnumType, GraphQLFloat, GraphQLInt, GraphQLString, type GraphQLScalarType } from 'graphql';
import { z } from 'zod';
import { GraphQLJSON } from './json-scalar.ts';
import { enumValueNameOf, type TypeNames } from './names.ts';
import { metaIdOf } from './zod-peel.ts';

/** A scalar shape: a string, a number (Int when `.int()`), a boolean, an enum or a literal. */
export type LeafType = GraphQLScalarType | GraphQLEnumType;

function isIntShape(shape: z.ZodType): boolean {
  return shape instanceof z.ZodNumber && shape.isInt === true;
}

/**
 * Enum types, shared by inputs and outputs: one per zod enum, and one per set of values within a plugin (a
 * filter `status` written as its own `z.enum` of the same values is the response's `GameStatus`, not a twin).
 */
export class LeafTypes {
  readonly #enums = new Map<z.ZodType, LeafType>();
  readonly #byValues = new Map<string, LeafType>();

  constructor(private readonly names: TypeNames) {}

  /** The GraphQL type of a scalar shape (wrappers already peeled) of `plugin`'s routes, or undefined when it is not one. */
  of(inner: z.ZodType, hint: string, plugin: string): LeafType | undefined {
    switch (inner._zod.def.type) {
      case 'string':
        return GraphQLString;
      case 'number':
        return isIntShape(inner) ? GraphQLInt : GraphQLFloat;
      case 'boolean':
        return GraphQLBoolean;
      case 'enum':
        return this.#enum(inner as z.ZodEnum, hint, plugin);
      case 'literal':
        return this.#literal([...(inner as z.ZodLiteral).values]);
      default:
        return undefined;
    }
  }

  #literal(values: unknown[]): LeafType {
    if (values.every((v) => typeof v === 'string')) return GraphQLString;
    if (values.every((v) => typeof v === 'boolean')) return GraphQLBoolean;
    if (values.every((v) => typeof v === 'number')) return values.every((v) => Number.isInteger(v)) ? GraphQLInt : GraphQLFloat;
    return GraphQLJSON;
  }

  /**
   * An enum keeps its values as GraphQL names where it can (`placed_at`, `_1x2` for `1x2`) and maps them back,
   * so a route sees exactly the strings it declared. One that cannot be spelled so stays a String.
   */
  #enum(shape: z.ZodEnum, hint: string, plugin: string): LeafType {
    const values = Object.values(shape.enum) as unknown[];
    const id = metaIdOf(shape);
    const sameValues = id ? undefined : JSON.stringify([plugin, values]);
    const known = this.#enums.get(shape) ?? (sameValues ? this.#byValues.get(sameValues) : undefined);
    if (known) return known;
    const spelled = values.map((v) => (typeof v === 'string' ? enumValueNameOf(v) : undefined));
    const distinct = new Set(spelled);
    let type: LeafType;
    if (values.length === 0 || spelled.some((n) => n === undefined) || distinct.size !== spelled.length) {
      type = values.every((v) => typeof v === 'string') ? GraphQLString : GraphQLJSON;
    } else {
      const name = id ? this.names.take(id, { declared: true }) : this.names.take(hint);
      type = new GraphQLEnumType({ name, values: Object.fromEntries(values.map((v, i) => [spelled[i]!, { value: v }])) });
    }
    this.#enums.set(shape, type);
    if (sameValues) this.#byValues.set(sameValues, type);
    return type;
  }
}
