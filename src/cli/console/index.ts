import { createInterface, type AsyncCompleter } from 'node:readline';
import { complete, type AskChoices, type Choice } from './complete.ts';
import { loadConfig } from '../../core/config/env.ts';
import { DEMO } from '../../core/local/demo-world.ts';
import { redactUrl } from '../../core/log/redact-url.ts';
import { coerceOption, commandPaths, type RegisteredCommand, type RegisteredOption } from './commands-index.ts';
import { parseLine, tokenize } from './parse-line.ts';
import { renderReply, type ConsoleReply } from './render.ts';

const HELP = `Type a slash command as in Discord, e.g.  /plugins list   or   /settings set plugin:hello key:greeting value:"Good day"
  Tab completes command names, options and their values (games, picks), as Discord suggests them.
  .as <user>                        act as owner, alice (admin), bob (capper), carol (member) or a user id
  .press <message_id> <custom_id>   press a button on a message
  .select <message_id> <custom_id> <value>[,<value>…]   pick in a select menu
  .modal <custom_id> field:value …  submit a form the bot showed
  .messages [channel]               what the bot posted in #general (or #bets, #results, #admin)
  .help                             this help
  .quit                             leave (Ctrl+D works too)`;

interface Session {
  base: string;
  userId: string;
  userName: string;
  paths: Map<string, RegisteredOption[]>;
}

async function call<T>(session: Session, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${session.base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = (await res.json()) as T & { detail?: string };
  if (!res.ok) throw new Error(data.detail ?? `HTTP ${res.status}`);
  return data;
}

async function reachable(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/emulator/state`)).ok;
  } catch {
    return false;
  }
}

/** Finds the running local bot, or starts one in this process (same database) when none answers. */
async function connect(): Promise<{ base: string; stop?: () => Promise<void> }> {
  const config = loadConfig();
  const argUrl = process.argv.find((a) => a.startsWith('--url='))?.slice(6);
  const base = argUrl ?? `http://127.0.0.1:${config.HTTP_PORT}`;
  if (await reachable(base)) return { base };
  if (argUrl || config.DISCORD_TOKEN) throw new Error(`Nothing answers at ${base}/emulator. Start the bot in local mode with npm start (no DISCORD_TOKEN).`);
  process.stdout.write(`No local bot answers at ${base}; starting one in this console (database ${redactUrl(config.DATABASE_URL)})…\n`);
  const { startLocalMode } = await import('../../core/local/local-mode.ts');
  const { createLogger } = await import('../../core/log/logger.ts');
  const { chooseLogFormat } = await import('../../core/log/format.ts');
  const { loadPluginsConfig } = await import('../../core/plugins/load-config.ts');
  const local = await startLocalMode({
    config: { ...config, HTTP_PORT: 0, LOG_LEVEL: 'warn' },
    plugins: await loadPluginsConfig(),
    logger: createLogger('warn', { format: chooseLogFormat(config.LOG_FORMAT, process.stdout.isTTY === true) }),
    quiet: true,
  });
  return {
    base: `http://127.0.0.1:${local.app.port}`,
    stop: async () => {
      await local.app.stop();
      await local.close();
    },
  };
}

function resolveUser(name: string): { id: string; name: string } | undefined {
  const demo = (DEMO.users as Record<string, { id: string; username: string }>)[name];
  if (demo) return { id: demo.id, name: demo.username };
  if (/^\d{5,25}$/.test(name)) return { id: name, name };
  return undefined;
}

async function runLine(session: Session, line: string): Promise<string | undefined> {
  const text = line.trim();
  if (!text) return undefined;
  if (text.startsWith('.')) {
    const [cmd, ...args] = tokenize(text);
    switch (cmd) {
      case '.help':
        return HELP;
      case '.as': {
        const user = resolveUser(args[0] ?? '');
        if (!user) return `Who? Use one of: ${Object.keys(DEMO.users).join(', ')}, or a user id.`;
        session.userId = user.id;
        session.userName = user.name;
        return `Now acting as ${user.name}.`;
      }
      case '.press':
      case '.select': {
        const [messageId, customId, values] = args;
        if (!messageId || !customId || (cmd === '.select' && !values)) return `Usage: ${cmd} <message_id> <custom_id>${cmd === '.select' ? ' <value>[,<value>…]' : ''}`;
        const reply = await call<ConsoleReply>(session, 'POST', '/emulator/components', {
          message_id: messageId,
          custom_id: customId,
          user_id: session.userId,
          ...(values ? { values: values.split(',') } : {}),
        });
        return renderReply(reply, process.stdout.isTTY);
      }
      case '.modal': {
        const [customId, ...fields] = args;
        if (!customId) return 'Usage: .modal <custom_id> field:value …';
        const parsed = parseLine(`x ${fields.join(' ')}`);
        const reply = await call<ConsoleReply>(session, 'POST', '/emulator/modals', { custom_id: customId, fields: parsed.options, user_id: session.userId });
        return renderReply(reply, process.stdout.isTTY);
      }
      case '.messages': {
        const channel = (DEMO.channels as Record<string, string>)[args[0] ?? 'general'] ?? args[0]!;
        const messages = await call<{ id: string; content: string; embeds: { title?: string }[] }[]>(session, 'GET', `/emulator/channels/${channel}/messages`);
        return messages.map((m) => `${m.id}  ${m.content || m.embeds.map((e) => e.title ?? '').join(' · ')}`).join('\n') || '(no messages)';
      }
      default:
        return `Unknown console command ${cmd}. Type .help`;
    }
  }
  const { path, options } = parseLine(text);
  const command = path.join(' ');
  const known = session.paths.get(command);
  const typed = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, coerceOption(known?.find((o) => o.name === k), v)]));
  const reply = await call<ConsoleReply>(session, 'POST', '/emulator/interactions', { command, options: typed, user_id: session.userId });
  return renderReply(reply, process.stdout.isTTY);
}

/** Readline's asynchronous completer over {@link complete}; value choices are listed with their labels. */
function completer(session: Session): AsyncCompleter {
  const ask: AskChoices = (command, focused, options) =>
    call<Choice[]>(session, 'POST', '/emulator/autocomplete', { command, focused, options, user_id: session.userId }).catch(() => []);
  return (line, callback) => {
    void complete(line, session.paths, ask).then(({ hits, token, legend }) => {
      if (legend.length > 0) process.stdout.write(`\n${legend.join('\n')}\n`);
      callback(null, [hits, token]);
    });
  };
}

async function main(): Promise<void> {
  let connection: { base: string; stop?: () => Promise<void> };
  try {
    connection = await connect();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const commands = await fetch(`${connection.base}/emulator/commands`).then((r) => r.json() as Promise<RegisteredCommand[]>);
  const owner = DEMO.users.owner;
  const session: Session = { base: connection.base, userId: owner.id, userName: owner.username, paths: commandPaths(commands) };
  process.stdout.write(`Connected to the local bot at ${session.base} in "${DEMO.guildName}", #general. Type .help for help.\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, completer: completer(session), terminal: process.stdin.isTTY });
  const prompt = () => {
    rl.setPrompt(`${session.userName}> `);
    rl.prompt();
  };
  prompt();
  rl.on('line', async (line) => {
    rl.pause();
    if (line.trim() === '.quit') return rl.close();
    try {
      const out = await runLine(session, line);
      if (out) process.stdout.write(`${out}\n`);
    } catch (err) {
      process.stdout.write(`✖ ${(err as Error).message}\n`);
    }
    rl.resume();
    prompt();
  });
  rl.on('close', async () => {
    await connection.stop?.();
    process.exit(0);
  });
}

await main();
