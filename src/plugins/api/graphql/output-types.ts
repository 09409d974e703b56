import { GraphQLBoolean, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLString, getNamedType, type GraphQLFieldConfig, type GraphQLOutputType } from 'graphql';
import { z } from 'zod';
import type { GraphqlContext } from './calls.ts';
import { GraphQLJSON } from './json-scalar.ts';
import type { LeafTypes } from './leaf-types.ts';
import type { LinkTable } from './links.ts';
import { fieldNameOf, pascal, uniqueWithin, type TypeNames } from './names.ts';
import { routeLabel } from './route-facts.ts';
import { metaIdOf, peel } from './zod-peel.ts';

type Field = GraphQLFieldConfig<Record<string, unknown>, GraphqlContext>;

/** Read a field under its own key: GraphQL's name may differ (`has_more` → `hasMore`). */
const byKey = (key: string) => (source: Record<string, unknown>) => source[key];

/**
 * Response shapes as GraphQL output types: objects by `.meta({ id })` or their place (`BetLegsItem`), lists,
 * scalars and enums; a record, union, tuple or open shape becomes `JSON`. One zod object is one type however often
 * it is reached. Each object also gets the link fields of its plugin (see {@link LinkTable}).
 */
export class OutputTypes {
  readonly #objects = new Map<z.ZodType, GraphQLOutputType>();
  readonly #connections = new Map<string, GraphQLObjectType>();

  constructor(
    private readonly names: TypeNames,
    private readonly leaves: LeafTypes,
    private readonly links: LinkTable,
  ) {}

  /** The type of a field holding `schema`: non-null unless the shape is optional or nullable. */
  field(schema: z.ZodType, hint: string, plugin: string): { type: GraphQLOutputType; description?: string } {
    const peeled = peel(schema, 'output');
    const base = this.nullable(peeled.inner, hint, plugin);
    return { type: peeled.optional || peeled.nullable ? base : new GraphQLNonNull(base), ...(peeled.description ? { description: peeled.description } : {}) };
  }

  /** The nullable type of a shape (a root field's type: a route may refuse, and its field is then null). */
  nullable(schema: z.ZodType, hint: string, plugin: string): GraphQLOutputType {
    const inner = peel(schema, 'output').inner;
    const leaf = this.leaves.of(inner, hint, plugin);
    if (leaf) return leaf;
    if (inner instanceof z.ZodArray) return new GraphQLList(this.field(inner.element as z.ZodType, `${hint}Item`, plugin).type);
    if (inner instanceof z.ZodObject) return this.#object(inner, hint, plugin);
    return GraphQLJSON;
  }

  /**
   * A page (`pageOf(item)`) as a connection: `data`, `hasMore`, `nextCursor`. One connection type per item type.
   * `hasMore` and `nextCursor` cost nothing: they come with the page.
   */
  connection(page: z.ZodObject, hint: string, plugin: string): GraphQLObjectType {
    const data = peel(page.shape.data as z.ZodType, 'output').inner;
    const item = data instanceof z.ZodArray ? this.field(data.element as z.ZodType, hint, plugin).type : GraphQLJSON;
    const itemName = getNamedType(item).name;
    const known = this.#connections.get(itemName);
    if (known) return known;
    const type = new GraphQLObjectType<Record<string, unknown>, GraphqlContext>({
      name: this.names.take(`${itemName}Connection`),
      description: `A page of ${itemName}. Ask for the next one with \`after: nextCursor\`; \`first\` is the page size (1 to 100, default 20).`,
      fields: {
        data: { type: new GraphQLNonNull(new GraphQLList(item)), description: 'The items of this page, newest first unless the route says otherwise.', resolve: byKey('data') },
        hasMore: { type: new GraphQLNonNull(GraphQLBoolean), description: 'Whether another page follows.', resolve: byKey('has_more'), extensions: { complexity: 0 } },
        nextCursor: { type: GraphQLString, description: 'Pass as `after` for the next page; null on the last page.', resolve: byKey('next_cursor'), extensions: { complexity: 0 } },
      },
    });
    this.#connections.set(itemName, type);
    return type;
  }

  #object(shape: z.ZodObject, hint: string, plugin: string): GraphQLOutputType {
    const known = this.#objects.get(shape);
    if (known) return known;
    const keys = Object.keys(shape.shape);
    if (keys.length === 0) {
      this.#objects.set(shape, GraphQLJSON);
      return GraphQLJSON;
    }
    const id = metaIdOf(shape);
    const name = id ? this.names.take(id, { declared: true }) : this.names.take(hint);
    const description = z.globalRegistry.get(shape)?.description;
    const type = new GraphQLObjectType<Record<string, unknown>, GraphqlContext>({
      name,
      ...(typeof description === 'string' ? { description } : {}),
      // A thunk: an object may link to a route whose response links back (a member's bets, a bet's member).
      fields: () => this.#fieldsOf(shape, name, plugin),
    });
    this.#objects.set(shape, type);
    return type;
  }

  #fieldsOf(shape: z.ZodObject, typeName: string, plugin: string): Record<string, Field> {
    const taken = new Set<string>();
    const fields: Record<string, Field> = {};
    const entries = Object.entries(shape.shape as Record<string, z.ZodType>);
    for (const [key, schema] of entries) {
      const name = uniqueWithin(taken, fieldNameOf(key));
      fields[name] = { ...this.field(schema, `${typeName}${pascal(key)}`, plugin), ...(name === key ? {} : { resolve: byKey(key) }) };
    }
    for (const [key] of entries) {
      const target = this.links.targetOf(plugin, key);
      const name = key.slice(0, -'Id'.length);
      if (!target || taken.has(name)) continue;
      taken.add(name);
      this.links.made({ type: typeName, idField: key, field: name, target });
      fields[name] = {
        type: this.nullable(target.route.response, pascal(name), target.plugin),
        description: `What \`${key}\` names, read with ${routeLabel(target)}. Null, with an error, when that route refuses.`,
        resolve: (source, _args, context) => {
          const id = source[key];
          return id === null || id === undefined ? null : context.call(target, { params: { [key]: id }, query: {} });
        },
      };
    }
    return fields;
  }
}
