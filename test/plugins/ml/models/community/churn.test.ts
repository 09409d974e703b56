import test from 'ava';
import { churnRisk, trainChurn } from '../../../../../src/plugins/ml/models/community/churn.ts';
import { churnFeatures, CHURN_FEATURES } from '../../../../../src/plugins/ml/models/community/churn-features.ts';
import { ORIGIN, history } from './community-bets.ts';

const DAY = 86_400_000;

test('on a held-out simulated seed the churn model ranks churners above stayers well beyond chance', async (t) => {
  const { metrics, artefact } = await trainChurn({ seed: 21 });
  t.true(metrics.test_positives > 30);
  t.true(metrics.auc > 0.62, `AUC ${metrics.auc}`);
  t.true(metrics.recall > 0 && metrics.precision > 0);
  t.deepEqual(artefact.features, [...CHURN_FEATURES]);
  t.deepEqual(JSON.parse(JSON.stringify(artefact)), artefact);
});

test('a member who went quiet is at higher risk than one still betting daily', async (t) => {
  const { artefact } = await trainChurn({ seed: 22 });
  const steady = history('steady', 60);
  const fading = history('fading', 40, () => ({}), 1000);
  const asOf = ORIGIN + 60 * DAY;
  const risks = churnRisk(artefact, { asOf, bets: [...steady, ...fading] });
  t.deepEqual(risks.map((r) => r.memberId), ['fading', 'steady']);
  t.true(risks[0].daysSinceLastBet > 19);
  t.true(risks[0].reasons.length > 0);
});

test('features only read bets placed before the cutoff', (t) => {
  const bets = history('kim', 30);
  const asOf = ORIGIN + 10 * DAY;
  t.deepEqual(churnFeatures(bets, asOf), churnFeatures(bets.slice(0, 10), asOf));
  t.is(churnFeatures(bets, ORIGIN), null);
});
