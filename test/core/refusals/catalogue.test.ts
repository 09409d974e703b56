import test from 'ava';
import { CORE_REFUSAL_CODES, FALLBACK_REFUSAL, RefusalCatalogue } from '../../../src/core/refusals/codes.ts';
import { Refusal, isRefusal } from '../../../src/core/refusals/refusal.ts';

test("the catalogue holds the core's codes, adds a plugin's, and refuses a code declared twice", (t) => {
  const catalogue = new RefusalCatalogue();
  for (const code of Object.keys(CORE_REFUSAL_CODES)) t.true(catalogue.has(code));
  catalogue.add('tea', { OUT_OF_TEA: { title: 'Out of tea', status: 409, description: 'The pot is empty.' } });
  t.is(catalogue.spec('OUT_OF_TEA').title, 'Out of tea');
  t.deepEqual(catalogue.entries().find(([code]) => code === 'OUT_OF_TEA')?.[1].plugin, 'tea');
  t.throws(() => catalogue.add('coffee', { OUT_OF_TEA: { title: 'x', description: 'x' } }), { message: /"OUT_OF_TEA" of plugin "coffee" is already declared by "tea"/ });
  t.throws(() => catalogue.add('coffee', { NOT_FOUND: { title: 'x', description: 'x' } }), { message: /already declared by "core"/ });
});

test('a code declared nowhere still reads well', (t) => {
  t.is(new RefusalCatalogue().spec('NOBODY_DECLARED_THIS'), FALLBACK_REFUSAL);
});

test('isRefusal knows a Refusal, also one made by another copy of the package, and nothing else', (t) => {
  t.true(isRefusal(new Refusal('NOT_FOUND', 'gone')));
  const foreign = Object.assign(new Error('gone'), { name: 'Refusal', code: 'NOT_FOUND' });
  t.true(isRefusal(foreign));
  t.false(isRefusal(new Error('boom')));
  t.false(isRefusal({ name: 'Refusal', code: 'NOT_FOUND' }));
});
