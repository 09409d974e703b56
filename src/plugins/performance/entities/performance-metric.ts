import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** Seconds a row covers: a minute roll-up, or an hour folded from minute rows once they are old. */
export const MINUTE = 60;
export const HOUR = 3600;

/**
 * One figure over one minute or one hour (the seed's `performance_metrics`, with the series key, resolution and the
 * hour's maximum beside the seed's columns). `metric_value` is a double, not the seed's DECIMAL(10,4): heap sizes
 * and rates do not fit four decimals of ten digits.
 */
export interface PerformanceMetric {
  id: number;
  metricName: string;
  /** The minute's value; for an hourly row, the mean of its minutes. */
  metricValue: number;
  /** The largest minute value (the value itself on a minute row). */
  maxValue: number;
  /** Minute rows folded into it (1 on a minute row). */
  samples: number;
  metricUnit: string | null;
  tags: Record<string, string>;
  /** The tags as one sorted `k=v,k=v` string: the series a row belongs to (empty for none). */
  series: string;
  /** Seconds covered: 60 or 3600. */
  resolution: number;
  /** Start of the minute or hour, epoch ms. */
  timestamp: number;
}

export const PerformanceMetricSchema = new EntitySchema<PerformanceMetric>({
  name: 'PerformanceMetric',
  tableName: 'performance_metrics',
  uniques: [{ name: 'performance_metrics_series_unique', properties: ['resolution', 'metricName', 'series', 'timestamp'] }],
  indexes: [
    { name: 'idx_metric_time', properties: ['metricName', 'timestamp'] },
    { name: 'performance_metrics_resolution_time_index', properties: ['resolution', 'timestamp'] },
  ],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    metricName: { type: 'string', length: 100 },
    metricValue: { type: 'double' },
    maxValue: { type: 'double' },
    samples: { type: 'integer', default: 1 },
    metricUnit: { type: 'string', length: 20, nullable: true },
    tags: { type: 'json' },
    series: { type: 'string', length: 191 },
    resolution: { type: 'integer' },
    timestamp: { type: new BigIntType('number') },
  },
});
