import test from 'ava';
import { SEGMENT_FEATURES, memberFeatures } from '../../../../../src/plugins/ml/models/community/member-features.ts';
import { nameCentroid, segmentMembers, trainSegments } from '../../../../../src/plugins/ml/models/community/segments.ts';
import { history } from './community-bets.ts';

const centroid = (z: Partial<Record<(typeof SEGMENT_FEATURES)[number], number>>) => SEGMENT_FEATURES.map((f) => z[f] ?? 0);

test('segments are named from their centroids', (t) => {
  t.is(nameCentroid(centroid({ parlayShare: 2, logMedianStake: -1 })), 'small-stake parlay lovers');
  t.is(nameCentroid(centroid({ logBetsPerDay: 1.5, logMedianOdds: -1.2 })), 'high-volume favourite backers');
  t.is(nameCentroid(centroid({})), 'typical bettors');
});

test('members with too few bets get no features', (t) => {
  const feats = memberFeatures([...history('few', 4), ...history('many', 12, () => ({}), 100)]);
  t.deepEqual(feats.map((f) => f.memberId), ['many']);
  t.is(feats[0].values.length, SEGMENT_FEATURES.length);
});

test('k-means on members separates parlay players from straight bettors', (t) => {
  const members = [
    ...['a', 'b', 'c'].map((id, k) => history(id, 30, () => ({ type: 'parlay', decimal: 8, team: null }), 1000 * k)),
    ...['d', 'e', 'f'].map((id, k) => history(id, 30, () => ({}), 5000 + 1000 * k)),
  ].flat();
  const { members: segs, artefact } = segmentMembers(2, memberFeatures(members));
  const seg = Object.fromEntries(segs.map((s) => [s.memberId, s.segment]));
  t.is(seg.a, seg.b);
  t.is(seg.b, seg.c);
  t.is(seg.d, seg.e);
  t.not(seg.a, seg.d);
  t.true(artefact.names[seg.a].includes('parlay'));
});

test('on simulated communities the segments recover the archetypes far better than chance', async (t) => {
  const { metrics, artefact } = await trainSegments({ seed: 23 });
  t.true(metrics.test_ari > 0.5, `ARI ${metrics.test_ari}`);
  t.true(metrics.test_purity > 0.7);
  t.is(artefact.names.length, 5);
  t.deepEqual(JSON.parse(JSON.stringify(artefact)), artefact);
});
