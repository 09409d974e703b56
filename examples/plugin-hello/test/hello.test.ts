import test from 'ava';
import { createTestBot, type TestBot } from 'dbsbm/testkit';
import hello from '../index.ts';
// hello requires betting, so the test bot loads it too (an npm plugin would load it from its package).
import betting from '../../../src/plugins/betting/index.ts';
// Routes under /api/v1 answer only with an API key, which the api plugin issues to Platinum servers.
import api from '../../../src/plugins/api/index.ts';

let bot: TestBot;
let auth: { authorization: string };
test.before(async () => {
  bot = await createTestBot({ plugins: [betting, hello, api], tier: 'platinum' });
  const made = await bot.as('alice').run('/api key create', { name: 'hello test', scope: 'read' });
  auth = { authorization: `Bearer ${/dbsbm_[0-9A-Za-z]{32}/.exec(JSON.stringify(made.embeds))![0]}` };
});
test.after.always(() => bot?.close());

test.serial('/hello greets by name, or the member who ran it', async (t) => {
  t.is((await bot.as('carol').run('/hello', { name: 'Sam' })).embeds[0]!.title, 'Hello, Sam!');
  t.is((await bot.as('carol').run('/hello')).embeds[0]!.title, 'Hello, carol!');
});

test.serial("/hello shows the member's betting record, read through betting's service", async (t) => {
  const reply = await bot.as('carol').run('/hello');
  t.is(reply.embeds[0]!.description, 'No settled bets here yet.');
});

test.serial('the greeting is a per-server setting', async (t) => {
  await bot.as('alice').run('/settings set', { plugin: 'hello', key: 'greeting', value: 'Howdy' });
  t.is((await bot.as('bob').run('/hello')).embeds[0]!.title, 'Howdy, bob!');
});

test.serial('each greeting publishes hello.greeted, which the subscriber counts, and the route reports', async (t) => {
  const before = (await (await fetch(`${bot.url}/api/v1/hello/guilds/${bot.guildId}/greetings`, { headers: auth })).json()) as { greetings: number };
  const event = bot.events.next('hello.greeted');
  await bot.as('carol').run('/hello');
  t.like((await event).payload, { guildId: bot.guildId, userId: bot.users.carol });
  const after = await (await fetch(`${bot.url}/api/v1/hello/guilds/${bot.guildId}/greetings`, { headers: auth })).json();
  t.deepEqual(after, { guildId: bot.guildId, greetings: before.greetings + 1, greeting: 'Howdy' });
});

test.serial('when a server turns it off, the command, route and subscriber all stop', async (t) => {
  const count = async () => ((await (await fetch(`${bot.url}/api/v1/hello/guilds/${bot.guildId}/greetings`, { headers: auth })).json()) as { greetings: number }).greetings;
  const before = await count();
  await bot.as('alice').run('/plugins disable', { name: 'hello' });
  t.is((await bot.as('carol').run('/hello')).embeds[0]!.title, 'Not available here');
  const res = await fetch(`${bot.url}/api/v1/hello/guilds/${bot.guildId}/greetings`, { headers: auth });
  t.is(res.status, 403);
  await bot.app.bus.publish('hello.greeted', { guildId: bot.guildId, userId: bot.users.carol });
  await bot.as('alice').run('/plugins enable', { name: 'hello' });
  t.is(await count(), before, 'the event published while off was not counted');
});
