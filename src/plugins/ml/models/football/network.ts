import brain from 'brain.js';
import type { INeuralNetworkJSON } from 'brain.js/dist/neural-network.js';
import { z } from 'zod';
import { mulberry32, withSeededMathRandom } from 'dbsbm';

/** A brain.js feed-forward network mapping a numeric vector to a numeric vector. */
export type Net = InstanceType<typeof brain.NeuralNetwork<number[], number[]>>;
export type NetJSON = INeuralNetworkJSON;

/** Settings of one network training run (the "settings" chosen on the validation season). */
export const netConfigSchema = z.object({
  hiddenLayers: z.array(z.number().int().positive()),
  activation: z.enum(['sigmoid', 'tanh', 'relu', 'leaky-relu']),
  learningRate: z.number().positive().lt(1),
  momentum: z.number().positive().lt(1),
  /** Upper bound on passes over the data; the best epoch on validation is kept. */
  epochs: z.number().int().positive(),
});
export type NetConfig = z.infer<typeof netConfigSchema>;

/** One training example. */
export interface Sample {
  input: number[];
  output: number[];
}

/** Called after every epoch with the network as it stands; return value is ignored. */
export type EpochHook = (epoch: number, net: Net) => void;

/**
 * Trains a brain.js `NeuralNetwork` deterministically for a seed.
 *
 * brain.js draws initial weights from `Math.random`, so the whole run happens inside
 * {@link withSeededMathRandom}. It also trains on patterns in the order given (online SGD, no shuffle), and
 * our rows are in time order: each epoch here is one brain.js iteration over a fresh seeded shuffle, so the
 * last seasons do not dominate the final weights.
 *
 * @param samples - training examples (not modified)
 * @param config - network shape and step sizes
 * @param seed - seed for weights and shuffles
 * @param onEpoch - hook after each epoch (e.g. to score a validation set and keep the best weights)
 */
export async function trainNetwork(
  samples: readonly Sample[],
  config: NetConfig,
  seed: number,
  onEpoch?: EpochHook,
): Promise<Net> {
  if (samples.length === 0) throw new Error('no training samples');
  return withSeededMathRandom(seed, () => {
    const net: Net = new brain.NeuralNetwork<number[], number[]>({
      inputSize: samples[0].input.length,
      outputSize: samples[0].output.length,
      hiddenLayers: config.hiddenLayers,
    });
    const shuffleRandom = mulberry32(seed ^ 0x5bd1e995);
    const order = samples.slice();
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      shuffle(order, shuffleRandom);
      net.train(order, {
        iterations: 1,
        // brain.js stops once the training error falls below this; our errors are small (movement targets),
        // so it is set out of reach and the epoch count alone decides.
        errorThresh: 1e-12,
        activation: config.activation,
        learningRate: config.learningRate,
        momentum: config.momentum,
        log: false,
      });
      onEpoch?.(epoch, net);
    }
    return net;
  });
}

/** Rebuilds a network from its `toJSON()` form. */
export function netFromJSON(json: NetJSON): Net {
  const net: Net = new brain.NeuralNetwork<number[], number[]>();
  net.fromJSON(json);
  return net;
}

/** Runs the network on one input and returns a plain array. */
export function runNet(net: Net, input: readonly number[]): number[] {
  return Array.from(net.run(input as number[]));
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}
