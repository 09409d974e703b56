import { ApiIdempotencySchema } from './idempotency.ts';
import { ApiKeySchema } from './api-key.ts';
import { ApiUsageSchema } from './api-usage.ts';

export const apiEntities = [ApiKeySchema, ApiUsageSchema, ApiIdempotencySchema];
