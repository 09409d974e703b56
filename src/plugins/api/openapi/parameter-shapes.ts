import { z } from 'zod';

/** The plain type a text field is decoded to, when it is one a client can send as is (`true`, `42`). */
function decodedPrimitive(field: z.ZodType): z.ZodType | null {
  if (field instanceof z.ZodPipe && field.in instanceof z.ZodString && (field.out instanceof z.ZodBoolean || field.out instanceof z.ZodNumber)) return field.out;
  return null;
}

/** One path or query field as a client sees it: a `z.stringbool()` is a boolean to send, not any string. */
function clientField(field: z.ZodType): z.ZodType {
  const description = field.description;
  let base: z.ZodType = field;
  let fallback: { value: unknown } | null = null;
  let optional = false;
  for (;;) {
    if (base instanceof z.ZodDefault) {
      fallback = { value: base.def.defaultValue };
      base = base.unwrap() as z.ZodType;
    } else if (base instanceof z.ZodOptional) {
      optional = true;
      base = base.unwrap() as z.ZodType;
    } else break;
  }
  const decoded = decodedPrimitive(base);
  if (!decoded) return field;
  let out: z.ZodType = decoded;
  if (optional) out = out.optional();
  if (fallback) out = out.default(fallback.value as never);
  return description ? out.describe(description) : out;
}

/**
 * Path and query parameters arrive as text and are decoded by their shapes (`z.coerce.number()`, `z.stringbool()`).
 * The document describes what a client sends: a field decoded from text to a boolean or a number is written as that
 * type (`?everywhere=true`), not as a string with a boolean default.
 */
export function clientParameters(shape: z.ZodObject): z.ZodObject {
  const fields = Object.entries(shape.shape as Record<string, z.ZodType>);
  if (!fields.some(([, f]) => clientField(f) !== f)) return shape;
  return z.object(Object.fromEntries(fields.map(([name, f]) => [name, clientField(f)])));
}
