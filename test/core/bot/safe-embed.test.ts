import test from 'ava';
import { EmbedBuilder } from 'discord.js';
import { EmbedLimits, clampEmbed, clampEmbeds, errorEmbed, infoEmbed, safeEmbed, successEmbed } from 'dbsbm';

const length = (e: ReturnType<typeof clampEmbed>): number =>
  (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

test('discord.js refuses a long title in the setter: the reason the safe builder exists', (t) => {
  t.throws(() => new EmbedBuilder().setTitle('x'.repeat(300)));
});

test('every setter of the safe builder clips to Discord limits, and the total stays within 6000', (t) => {
  const embed = safeEmbed()
    .setTitle('t'.repeat(300))
    .setDescription('d'.repeat(5000))
    .setFooter({ text: 'f'.repeat(3000) })
    .setAuthor({ name: 'a'.repeat(300) })
    .addFields(Array.from({ length: 30 }, (_, i) => ({ name: `${i}`.repeat(300), value: 'v'.repeat(2000) })))
    .toJSON();
  t.is(embed.title!.length, EmbedLimits.title);
  t.true(embed.title!.endsWith('…'));
  t.true(embed.fields!.length <= EmbedLimits.fields);
  t.true(embed.fields!.every((f) => f.name.length <= 256 && f.value.length <= 1024));
  t.true(length(embed) <= EmbedLimits.total);
  t.is(embed.author!.name.length, EmbedLimits.author);
});

test('empty field text becomes a zero-width space instead of a validation error; emoji are not cut in half', (t) => {
  const embed = safeEmbed().addFields({ name: '', value: '' }).setTitle('😀'.repeat(200)).toJSON();
  t.deepEqual(embed.fields, [{ name: '\u200b', value: '\u200b' }]);
  t.notRegex(embed.title!, /[\uD800-\uDBFF]…$/);
});

test('errorEmbed, infoEmbed and successEmbed take any input', (t) => {
  for (const make of [errorEmbed, infoEmbed, successEmbed]) {
    const json = make('n'.repeat(300), 'v'.repeat(5000)).toJSON();
    t.true(json.title!.length <= 256 && json.description!.length <= 4096);
  }
});

test('clampEmbeds clamps plain objects and builders, at most 10 and 6000 characters per message', (t) => {
  const list = clampEmbeds([{ title: 'x'.repeat(400), description: 'y'.repeat(5000) }, new EmbedBuilder().setDescription('z'.repeat(4000)), ...Array.from({ length: 12 }, () => ({ title: 'k' }))]);
  t.is(list[0]!.title!.length, 256);
  t.true(list.reduce((n, e) => n + length(e), 0) <= EmbedLimits.total);
  t.true(list.length <= 10);
});
