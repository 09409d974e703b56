import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * Where each alert rule stands, so a rule notifies once when it fires and once when it resolves, whichever
 * instance evaluates it.
 */
export interface AlertState {
  rule: string;
  state: 'ok' | 'firing';
  /** When it started firing (epoch ms); null while ok. */
  since: number | null;
  /** The breaching value and series when it fired. */
  value: number | null;
  tags: Record<string, string> | null;
  updatedAt: number;
}

export const AlertStateSchema = new EntitySchema<AlertState>({
  name: 'PerformanceAlertState',
  tableName: 'performance_alerts',
  properties: {
    rule: { type: 'string', length: 64, primary: true },
    state: { type: 'string', length: 16 },
    since: { type: new BigIntType('number'), nullable: true },
    value: { type: 'double', nullable: true },
    tags: { type: 'json', nullable: true },
    updatedAt: { type: new BigIntType('number') },
  },
});
