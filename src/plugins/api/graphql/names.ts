/** What GraphQL accepts as a name (fields, arguments, types, enum values). */
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Names the schema itself uses, so no route's type may take them. */
const RESERVED_TYPES = new Set(['Query', 'Mutation', 'Subscription', 'String', 'Int', 'Float', 'Boolean', 'ID', 'JSON']);

/** `placed_at`, `bet-type`, `3way` → `placedAt`, `betType`, `_3way`: any key as a GraphQL field name. */
export function fieldNameOf(key: string): string {
  const camel = key
    .replace(/(?<=[A-Za-z0-9])[-_\s]+([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase())
    .replace(/[^_0-9A-Za-z]/g, '_')
    .replace(/^__+/, '_');
  return camel === '' || /^[0-9]/.test(camel) ? `_${camel}` : camel;
}

/** `listBets`, `bet_type` → `ListBets`, `BetType`: a type name built from a field or operation name. */
export function pascal(text: string): string {
  const name = fieldNameOf(text);
  return name.startsWith('_') ? name : name[0]!.toUpperCase() + name.slice(1);
}

/** `Bets` → `bets`, `APIKeys` → `apiKeys`, `ID` → `id`. */
function lowerFirst(text: string): string {
  const acronym = /^[A-Z]+(?=[A-Z][a-z0-9])/.exec(text)?.[0] ?? (/^[A-Z]+$/.test(text) ? text : text.slice(0, 1));
  return acronym.toLowerCase() + text.slice(acronym.length);
}

/**
 * The Query field an operation prefers: its id with a leading `get`/`list` dropped (`listBets` → `bets`,
 * `getBet` → `bet`); an id without that prefix stays as it is.
 */
export function queryFieldOf(operationId: string): string {
  const rest = /^(?:get|list)(?=[A-Z0-9_])(.+)$/.exec(operationId)?.[1];
  return rest ? fieldNameOf(lowerFirst(rest)) : fieldNameOf(operationId);
}

/**
 * Gives each operation its preferred field name, except where two would share one: then every operation involved
 * keeps its full operationId (unique across the deployment), repeated until no name is shared. Depends only on the
 * set of routes, so the schema is the same on every instance and after every restart.
 */
export function assignFieldNames(operations: readonly { operationId: string; preferred: string }[]): Map<string, string> {
  const chosen = new Map(operations.map((o) => [o.operationId, o.preferred]));
  for (;;) {
    const holders = new Map<string, string[]>();
    for (const [operationId, name] of chosen) holders.set(name, [...(holders.get(name) ?? []), operationId]);
    const shared = [...holders.values()].filter((ids) => ids.length > 1).flat();
    const changed = shared.filter((id) => chosen.get(id) !== fieldNameOf(id));
    if (changed.length === 0) return chosen;
    for (const id of shared) chosen.set(id, fieldNameOf(id));
  }
}

/**
 * Hands out unique type names: a second `Bet` becomes `Bet2`, so two shapes never merge by accident. Names the
 * shapes declared with `.meta({ id })` are kept for them: a name derived from a field steps around them.
 */
export class TypeNames {
  readonly #taken = new Set<string>(RESERVED_TYPES);

  constructor(private readonly declared: ReadonlySet<string> = new Set()) {}

  /** A unique name for a type: `wanted` itself when free (and, for a derived name, not declared by a shape). */
  take(wanted: string, options: { declared?: boolean } = {}): string {
    const base = NAME.test(wanted) && !wanted.startsWith('__') ? wanted : pascal(wanted).replace(/^_+/, 'T_');
    const free = (name: string): boolean => !this.#taken.has(name) && (options.declared === true || !this.declared.has(name));
    let name = base;
    for (let n = 2; !free(name); n++) name = `${base}${n}`;
    this.#taken.add(name);
    return name;
  }
}

/** A name unique within one object's fields (or one field's arguments). */
export function uniqueWithin(taken: Set<string>, wanted: string): string {
  let name = wanted;
  for (let n = 2; taken.has(name); n++) name = `${wanted}${n}`;
  taken.add(name);
  return name;
}

/** An enum value as a GraphQL name, or undefined when it cannot be one. */
export function enumValueNameOf(value: string): string | undefined {
  const name = value.replace(/[^_0-9A-Za-z]+/g, '_');
  const safe = name === '' || /^[0-9]/.test(name) || ['true', 'false', 'null'].includes(name) ? `_${name}` : name;
  return NAME.test(safe) && !safe.startsWith('__') ? safe : undefined;
}
