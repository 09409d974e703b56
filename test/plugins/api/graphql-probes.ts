import type { Answer, Probe } from './leak-scan.ts';

// GraphQL attempts of the BOLA suite, built from the schema's own introspection: every root field that takes an id
// argument is asked for the other server's ids, and every query field without one is asked as is, selecting every
// field it offers down to the link fields (`Bet.game`, `BetSource.bet`, `WebhookDelivery.endpoint`).

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  args: { name: string; type: TypeRef }[];
  type: TypeRef;
}
interface SchemaType {
  name: string;
  kind: string;
  fields: Field[] | null;
  inputFields: { name: string; type: TypeRef }[] | null;
}
export interface IntrospectedSchema {
  queryType: { name: string };
  mutationType: { name: string } | null;
  types: SchemaType[];
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
/** The introspection query the probes are built from. */
export const INTROSPECTION = `{ __schema { queryType { name } mutationType { name } types { name kind fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } inputFields { name type { ${TYPE_REF} } } } } }`;

/** Values of one kind of id: the other server's (secret, or shared market data) and one that never existed. */
export interface IdKind {
  kind: string;
  /** Names one object (a bet, an endpoint), which another server's key must not find; else a filter (a member) that selects. */
  object: boolean;
  secret: readonly string[];
  shared: readonly string[];
  fresh: string;
}

const named = (ref: TypeRef): TypeRef => (ref.ofType ? named(ref.ofType) : ref);
const required = (ref: TypeRef): boolean => ref.kind === 'NON_NULL';
/** A name that reads as an id of something: it must be in the suite's map of kinds. */
export const looksLikeId = (name: string): boolean => /Id$/.test(name);
/** Connections are asked for a few items: enough to reach the link fields, within the cost limit. */
const FIRST = 5;

/** Every field of `typeName` a selection can hold, following object fields while a type appears at most twice on the path. */
function selection(types: Map<string, SchemaType>, typeName: string, path: string[] = []): string {
  const type = types.get(typeName);
  if (!type?.fields) return '';
  const parts: string[] = [];
  for (const field of type.fields) {
    if (field.args.some((a) => required(a.type))) continue;
    const target = named(field.type);
    if (target.kind === 'SCALAR' || target.kind === 'ENUM') parts.push(field.name);
    else if (target.kind === 'OBJECT' && target.name && path.filter((p) => p === target.name).length < 2 && path.length < 6) {
      const inner = selection(types, target.name, [...path, typeName]);
      if (inner) parts.push(`${field.name} { ${inner} }`);
    }
  }
  return parts.join(' ');
}

function literal(ref: TypeRef, value: string): string {
  return named(ref).name === 'Int' || named(ref).name === 'Float' ? value : JSON.stringify(value);
}

const call = (query: string) => ({ method: 'POST', path: '/api/v1/graphql', body: { query } });

/** The field answered null with a 404 error (the route's "not found"), and nothing else. */
const fieldNotFound = (field: string) => (answer: Answer): boolean => {
  const body = answer.body as { data?: Record<string, unknown> | null; errors?: { extensions?: { status?: number } }[] };
  return answer.status === 200 && body.data?.[field] === null && (body.errors ?? []).length > 0 && (body.errors ?? []).every((e) => e.extensions?.status === 404);
};

/** The operation ran (was not refused whole, by its cost or depth): otherwise the probe proved nothing. */
const ran = (answer: Answer): string | undefined => {
  const body = answer.body as { data?: unknown };
  return answer.status === 200 && body.data ? undefined : `the operation did not run: ${JSON.stringify(answer.body).slice(0, 300)}`;
};

/**
 * The GraphQL attempts on the other server's data, and the argument names the suite does not know (each one must be
 * added to its map of kinds, so a new id argument cannot go unprobed).
 */
export function graphqlProbes(schema: IntrospectedSchema, kinds: Record<string, IdKind>): { probes: Probe[]; unknown: string[] } {
  const types = new Map(schema.types.map((t) => [t.name, t]));
  const probes: Probe[] = [];
  const unknown: string[] = [];
  const roots: ['query' | 'mutation', string][] = [['query', schema.queryType.name], ...(schema.mutationType ? [['mutation', schema.mutationType.name] as ['mutation', string]] : [])];
  for (const [operation, rootName] of roots) {
    for (const field of types.get(rootName)?.fields ?? []) {
      const where = `${operation} ${field.name}`;
      for (const arg of field.args) if (looksLikeId(arg.name) && !kinds[arg.name]) unknown.push(`${where}(${arg.name})`);
      for (const input of field.args.map((a) => types.get(named(a.type).name ?? '')).filter((t) => t?.kind === 'INPUT_OBJECT')) {
        for (const f of input!.inputFields ?? []) if (looksLikeId(f.name) && !kinds[f.name]) unknown.push(`${where}: ${input!.name}.${f.name}`);
        for (const f of input!.inputFields ?? []) if (kinds[f.name]?.secret.length) unknown.push(`${where}: ${input!.name}.${f.name} names their data inside an input; probe it here`);
      }
      const mapped = field.args.filter((a) => kinds[a.name]);
      const otherRequired = field.args.filter((a) => required(a.type) && !kinds[a.name]);
      if (otherRequired.length > 0) continue;
      const inner = selection(types, named(field.type).name ?? '');
      const rest = field.args.some((a) => a.name === 'first') ? [`first: ${FIRST}`] : [];
      const render = (args: string[]): string => `${operation} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${inner ? ` { ${inner} }` : ''} }`;
      if (operation === 'query' && !field.args.some((a) => required(a.type))) {
        probes.push({ label: `GraphQL ${field.name}`, attack: call(render(rest)), swaps: [], check: ran });
      }
      for (const arg of mapped) {
        const kind = kinds[arg.name]!;
        // The other required id arguments keep one value of theirs (or shared) while this one varies.
        const fixed = mapped.filter((a) => a !== arg && required(a.type)).map((a) => `${a.name}: ${literal(a.type, kinds[a.name]!.secret[0] ?? kinds[a.name]!.shared[0]!)}`);
        for (const value of kind.secret) {
          probes.push({
            label: `GraphQL ${field.name}(${arg.name}: their ${kind.kind} ${value})`,
            attack: call(render([`${arg.name}: ${literal(arg.type, value)}`, ...fixed, ...rest])),
            control: call(render([`${arg.name}: ${literal(arg.type, kind.fresh)}`, ...fixed, ...rest])),
            swaps: [[value, kind.fresh]],
            ...(required(arg.type) && kind.object ? { notFound: fieldNotFound(field.name) } : { check: ran }),
          });
        }
        for (const value of kind.shared) {
          probes.push({ label: `GraphQL ${field.name}(${arg.name}: shared ${kind.kind} ${value})`, attack: call(render([`${arg.name}: ${literal(arg.type, value)}`, ...fixed, ...rest])), swaps: [], check: ran });
        }
      }
    }
  }
  return { probes, unknown };
}
