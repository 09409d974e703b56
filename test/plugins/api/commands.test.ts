import test from 'ava';
import betting from '../../../src/plugins/betting/index.ts';
import api from '../../../src/plugins/api/index.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { apiCall } from '../../helpers/api.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const download = async (url: string): Promise<Buffer> => Buffer.from(await (await fetch(url)).arrayBuffer());

let bot: TestBot;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting, api], tier: 'platinum' });
});
test.after.always(() => bot?.close());

const keyIn = (text: string): string => /`(dbsbm_[0-9A-Za-z]{32})`/.exec(text)![1]!;

test.serial('/api key create shows the key once, privately; it works at once; list never shows it', async (t) => {
  const reply = await bot.as('alice').run('/api key create', { name: 'stats site', scope: 'read' });
  t.true(reply.ephemeral);
  const embed = reply.embeds[0]!;
  t.regex(embed.title!, /^API key #\d+ created$/);
  const key = keyIn(JSON.stringify(embed.fields));
  const res = await apiCall(bot.app, key, 'GET', '/api/v1/betting/games?limit=1');
  t.is(res.status, 200);

  const list = await bot.as('alice').run('/api key list');
  t.true(list.ephemeral);
  t.false(JSON.stringify(list).includes(key));
  t.regex(list.embeds[0]!.description!, new RegExp(`stats site · \`dbsbm_…${key.slice(-4)}\` · read`));
});

test.serial('/api key rotate keeps the old key for its grace; revoke stops a key; members may not manage keys', async (t) => {
  const made = await bot.as('alice').run('/api key create', { name: 'bot', scope: 'write' });
  const old = keyIn(JSON.stringify(made.embeds[0]!.fields));
  const id = Number(/#(\d+)/.exec(made.embeds[0]!.title!)![1]);
  const rotated = await bot.as('alice').run('/api key rotate', { id, grace: 5 });
  t.true(rotated.ephemeral);
  const fresh = keyIn(JSON.stringify(rotated.embeds[0]!.fields));
  t.not(fresh, old);
  t.is((await apiCall(bot.app, old, 'GET', '/api/v1/betting/games')).status, 200);
  t.is((await apiCall(bot.app, fresh, 'GET', '/api/v1/betting/games')).status, 200);
  const newId = Number(/into #(\d+)/.exec(rotated.embeds[0]!.title!)![1]);
  await bot.as('alice').run('/api key revoke', { id: newId });
  t.is((await apiCall(bot.app, fresh, 'GET', '/api/v1/betting/games')).status, 401);

  // Discord hides the command from members without Manage Server (its default permissions), as the emulator does.
  await t.throwsAsync(bot.as('carol').run('/api key create', { name: 'mine', scope: 'write' }), { message: /requires permissions 32/ });
  const unknown = await bot.as('alice').run('/api key revoke', { id: 999_999 });
  t.regex(JSON.stringify(unknown.embeds), /no API key #999999/);
});

test.serial('/api usage shows calls, errors and p95 by endpoint with a chart', async (t) => {
  const made = await bot.as('alice').run('/api key create', { name: 'usage', scope: 'read' });
  const key = keyIn(JSON.stringify(made.embeds[0]!.fields));
  for (let i = 0; i < 3; i++) await apiCall(bot.app, key, 'GET', '/api/v1/betting/games?limit=1');
  await apiCall(bot.app, key, 'GET', '/api/v1/betting/bets/999999');
  // Usage is written off the request path, once a second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const reply = await bot.as('alice').run('/api usage', { period: 'day' });
  t.true(reply.ephemeral);
  const text = JSON.stringify(reply.embeds);
  t.regex(text, /GET \/betting\/games` · \d+ calls · 0 errors · p95 \d+ ms/);
  t.regex(text, /GET \/betting\/bets\/:betId` · 1 calls · 1 errors/);
  t.is(reply.attachments.length, 1);
  t.deepEqual((await download(reply.attachments[0]!.url)).subarray(0, 8), PNG_SIGNATURE);
});
