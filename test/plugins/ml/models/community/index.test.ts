import test from 'ava';
import * as community from '../../../../../src/plugins/ml/models/community/index.ts';

test('the four community models are registered by name', (t) => {
  t.deepEqual(community.communityModels.map((m) => m.name), ['trends', 'churn', 'segments', 'anomalies']);
});

test('the inference functions the plugin calls are exported', (t) => {
  for (const fn of [community.forecastSeries, community.churnRisk, community.segmentMembers, community.detectAnomalies]) {
    t.is(typeof fn, 'function');
  }
});

test('anomaly "training" is deterministic, reports progress and gives JSON', async (t) => {
  const spec = community.communityModels.find((m) => m.name === 'anomalies');
  if (!spec) return t.fail();
  const progress: number[] = [];
  const a = await spec.train({ seed: 4, onProgress: (done) => progress.push(done) });
  const b = await spec.train({ seed: 4 });
  t.is(JSON.stringify(a), JSON.stringify(b));
  t.deepEqual(progress, [1, 2, 3]);
  t.true(a.metrics.after_kickoff_recall === 1);
});

test('real bets are validated at the boundary', (t) => {
  t.throws(() => community.parseCommunityBets([{ id: 1, memberId: '', decimal: 0.5 }]));
});
