/** Scores of a binary detector or classifier against known labels. */

/**
 * Area under the ROC curve by the Mann–Whitney rank statistic: the probability that a random positive scores
 * above a random negative, ties counting half. NaN when either class is empty (an AUC is undefined then).
 *
 * @param scores - higher means "more likely positive"
 * @param labels - true for positives, same length as `scores`
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  if (scores.length !== labels.length) throw new RangeError('scores and labels differ in length');
  const order = scores.map((s, i) => ({ s, y: labels[i] })).sort((a, b) => a.s - b.s);
  let positives = 0;
  let rankSumPositives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j].s === order[i].s) j += 1;
    // Tied scores share the mean of ranks i+1..j.
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k += 1) {
      if (order[k].y) {
        positives += 1;
        rankSumPositives += meanRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Confusion counts and rates at one threshold. */
export interface ThresholdScores {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** tp / (tp + fp); NaN when nothing is flagged. */
  precision: number;
  /** tp / (tp + fn); NaN when there are no positives. */
  recall: number;
}

/** Precision and recall of flagging every item whose score is at least `threshold`. */
export function scoresAtThreshold(scores: readonly number[], labels: readonly boolean[], threshold: number): ThresholdScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  scores.forEach((s, i) => {
    const flagged = s >= threshold;
    if (flagged && labels[i]) tp += 1;
    else if (flagged) fp += 1;
    else if (labels[i]) fn += 1;
  });
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? Number.NaN : tp / (tp + fp),
    recall: tp + fn === 0 ? Number.NaN : tp / (tp + fn),
  };
}

/**
 * The threshold among the observed scores that maximises F1 — chosen on training data only, then applied
 * unchanged to held-out data.
 */
export function bestF1Threshold(scores: readonly number[], labels: readonly boolean[]): number {
  let best = Number.POSITIVE_INFINITY;
  let bestF1 = -1;
  for (const threshold of [...new Set(scores)].sort((a, b) => a - b)) {
    const { precision, recall } = scoresAtThreshold(scores, labels, threshold);
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > bestF1) {
      bestF1 = f1;
      best = threshold;
    }
  }
  return best;
}
