import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

// Run by a second node process: the lock must come from another process, as when an operator's sqlite3 shell or a
// backup script holds the file, not from a connection inside the product.
const HOLDER = `
import Database from 'better-sqlite3';
const [file, ms] = [process.argv[1], Number(process.argv[2])];
const db = new Database(file, { timeout: 15000 });
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
setTimeout(() => {
  db.exec('COMMIT');
  db.close();
  process.stdout.write('released\\n');
}, ms);
`;

export interface SqliteLock {
  /** When the lock was taken (epoch ms). */
  readonly lockedAt: number;
  /** Resolves with the moment the lock was let go (epoch ms). */
  readonly released: Promise<number>;
  /** SIGKILL the holder (teardown); the lock goes with it. */
  kill(): void;
}

/**
 * Holds `BEGIN EXCLUSIVE` on a SQLite file from another node process for `ms`. Resolves once the lock is held.
 */
export async function holdSqliteLock(file: string, ms: number): Promise<SqliteLock> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', HOLDER, file, String(ms)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lockedAt = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('locked\n')) resolve(Date.now());
    });
    void exited.then((code) => reject(new Error(`the SQLite lock holder exited (${code}) before locking: ${err}`)));
  });
  const released = new Promise<number>((resolve) => {
    const check = () => {
      if (out.includes('released\n')) resolve(Date.now());
    };
    child.stdout.on('data', check);
    void exited.then(() => resolve(Date.now()));
    check();
  });
  return {
    lockedAt,
    released,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
