import test from 'ava';
import { Coalescer } from '../../../../src/plugins/stream/services/coalescer.ts';

const until = async (probe: () => boolean): Promise<void> => {
  while (!probe()) await new Promise((r) => setTimeout(r, 5));
};

test('a burst of touches runs the work once; a touch during a run asks for exactly one more', async (t) => {
  const errors: unknown[] = [];
  const c = new Coalescer(30, (err) => errors.push(err));
  let runs = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const work = async (): Promise<void> => {
    runs++;
    if (runs === 1) await gate;
  };
  for (let i = 0; i < 20; i++) c.touch('k', work);
  await until(() => runs === 1);
  // Touched many times while the first run is under way: one more run, not ten.
  for (let i = 0; i < 10; i++) c.touch('k', work);
  release();
  await until(() => runs === 2);
  await new Promise((r) => setTimeout(r, 100));
  t.is(runs, 2);
  t.deepEqual(errors, []);
  c.stop();
});

test('keys are independent, errors are reported, and stop drops what was scheduled', async (t) => {
  const errors: string[] = [];
  const c = new Coalescer(30, (_err, key) => errors.push(key));
  const ran: string[] = [];
  c.touch('a', async () => void ran.push('a'));
  c.touch('b', async () => {
    ran.push('b');
    throw new Error('boom');
  });
  await until(() => ran.length === 2 && errors.length === 1);
  t.deepEqual(ran.sort(), ['a', 'b']);
  t.deepEqual(errors, ['b']);
  // Within the interval a touch waits; stopping drops it.
  c.touch('a', async () => void ran.push('again'));
  c.stop();
  await new Promise((r) => setTimeout(r, 100));
  t.false(ran.includes('again'));
});
