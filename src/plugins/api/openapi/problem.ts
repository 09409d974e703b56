import { z } from 'zod';

/**
 * An RFC 9457 problem document, the body of every error the API answers (`application/problem+json`). Besides the
 * standard members it carries `code`, the stable identifier to branch on, and for invalid input the fields at fault.
 * @since 1.2.0
 */
export const problemShape = z
  .looseObject({
    type: z.string().describe('A URI reference identifying the problem type; `about:blank` when the status says it all.'),
    title: z.string().describe('A short summary of the problem type.'),
    status: z.number().int().describe('The HTTP status code.'),
    detail: z.string().optional().describe('What went wrong this time, and what to do about it.'),
    instance: z.string().optional().describe('The path of the request that failed.'),
    code: z.string().optional().describe('A stable machine-readable code (`INVALID_INPUT`, `API_KEY_INVALID`, `NOT_FOUND`, …).'),
    errors: z
      .array(z.object({ path: z.string().describe('The dotted path of the field at fault; empty for the whole body.'), message: z.string() }).meta({ id: 'ProblemFieldError' }))
      .optional()
      .describe('With `INVALID_INPUT`: every field that was refused.'),
    next: z.string().optional().describe('With a refusal: what the caller can do next.'),
    supportId: z.string().optional().describe('With a 500: the reference to quote to the operator.'),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem document.' });
