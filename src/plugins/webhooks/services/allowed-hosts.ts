/**
 * The owner's webhook allow-list (`allowedHosts`, from `WEBHOOK_ALLOWED_HOSTS`): hosts that endpoints may reach
 * although they are private or loopback. An entry is either `host` (every server of this deployment: local mode's
 * loopback, an intranet receiver all communities share) or `<guild id>=<host>` (that one server only), so opening an
 * internal host for one community never opens it for the others.
 */

/** A guild-scoped entry: a Discord id, `=`, the host. */
const SCOPED = /^(\d{5,25})=(.+)$/;

/** Whether an entry has a valid shape (for the plugin's options schema). */
export function isAllowedHostEntry(entry: string): boolean {
  const scoped = SCOPED.exec(entry.trim());
  const host = (scoped ? scoped[2]! : entry).trim();
  return host !== '' && !/[\s/=@]/.test(host);
}

/**
 * The hosts (names or IPs) allowed for one server: the unscoped entries and those scoped to `guildId`. Every
 * check of a server's endpoint — where it is added and every delivery — passes this list, never the whole option.
 */
export function allowedHostsFor(entries: readonly string[], guildId: string): string[] {
  const hosts: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    const scoped = SCOPED.exec(entry);
    if (!scoped) hosts.push(entry);
    else if (scoped[1] === guildId) hosts.push(scoped[2]!.trim());
  }
  return hosts;
}
