import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of a V8 `.cpuprofile` this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  /** `function (file:line)`, the file relative to the repository, or the package under node_modules. */
  where: string;
  /** Share of all samples. */
  share: number;
}

function place(url: string, line: number): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  const short = nm >= 0 ? path.slice(nm + 'node_modules/'.length) : relative(process.cwd(), path);
  return `${short}:${line + 1}`;
}

/** `@mikro-orm/core`, `express`, a file of the repository, `node:internal`, or `(native)` for V8 and C++ frames. */
function packageOf(url: string): string {
  if (!url) return '(native, GC, program)';
  if (url.startsWith('node:')) return 'node: (Node.js itself)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm < 0) return relative(process.cwd(), path);
  const rest = path.slice(nm + 'node_modules/'.length).split('/');
  return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
}

/**
 * The top of a CPU profile: self time by function (where the samples landed), self time by package (or file of the
 * repository), and time by the repository's own files under src/ with that file anywhere on the stack (async
 * continuations start a new stack, so this undercounts code after an await). Shares are of the busy samples: the
 * process's idle time (waiting for requests or the database) is left out and returned as its own share.
 */
export async function summarizeProfile(path: string, top = 15): Promise<{ self: ProfileLine[]; byPackage: ProfileLine[]; ownFiles: ProfileLine[]; samples: number; idle: number }> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const packages = new Map<string, number>();
  const files = new Map<string, number>();
  let idle = 0;
  for (const id of profile.samples) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle++;
      continue;
    }
    const at = place(url, lineNumber);
    const key = `${functionName || '(anonymous)'}${at ? ` (${at})` : ''}`;
    self.set(key, (self.get(key) ?? 0) + 1);
    const pkg = packageOf(url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + 1);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur)!.callFrame.url;
      const file = url.startsWith('file://') ? relative(process.cwd(), fileURLToPath(url)) : '';
      if (file.startsWith('src/') && !seen.has(file)) {
        seen.add(file);
        files.set(file, (files.get(file) ?? 0) + 1);
      }
    }
  }
  const total = Math.max(1, profile.samples.length - idle);
  const rank = (m: Map<string, number>): ProfileLine[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, n]) => ({ where, share: n / total }));
  return { self: rank(self), byPackage: rank(packages), ownFiles: rank(files), samples: profile.samples.length, idle: idle / Math.max(1, profile.samples.length) };
}
