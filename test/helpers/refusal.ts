import type { ExecutionContext } from 'ava';

/** The parts of a reply the refusal shape is judged on (what the testkit's `run` returns). */
interface ReplyLike {
  ephemeral?: boolean;
  embeds: { title?: string; description?: string; color?: number; footer?: { text: string } }[];
}

/**
 * Asserts the one shape every refusal has in Discord, whatever the plugin: private, one red embed with a title,
 * the message, "Nothing was changed." and the code in the footer.
 */
export function assertRefusal(t: ExecutionContext, reply: ReplyLike, code: string): void {
  t.true(reply.ephemeral, 'a refusal is private');
  t.is(reply.embeds.length, 1);
  const [embed] = reply.embeds;
  t.is(embed!.color, 0xef4444);
  t.truthy(embed!.title);
  t.regex(embed!.description ?? '', /Nothing was changed\.$/);
  t.is(embed!.footer?.text, `Code: ${code}`);
}
