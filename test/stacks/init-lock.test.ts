/**
 * withInitLock (scripts/lib/terraform.ts): `terraform init`s of different processes take turns, since
 * Terraform's plugin cache is not safe for concurrent use (a fresh clone's first inits failed with
 * "could not read package directory" when two jest workers ran them together).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withInitLock } from '../../scripts/lib/terraform';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readToolchain } = require('../../scripts/toolchain') as { readToolchain: () => { pluginCache: string } };
const LOCK = `${readToolchain().pluginCache}.init-lock`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('holders take turns: no two critical sections overlap, and the lock is gone afterwards', async () => {
  const events: string[] = [];
  const holder = (name: string) =>
    withInitLock(async () => {
      events.push(`${name} in`);
      await sleep(60);
      events.push(`${name} out`);
      return name;
    });
  expect(await Promise.all([holder('a'), holder('b'), holder('c')])).toEqual(['a', 'b', 'c']);
  for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i].replace(' in', ' out'));
  expect(fs.existsSync(LOCK)).toBe(false);
});

test('the lock is released when the work fails', async () => {
  await expect(withInitLock(() => Promise.reject(new Error('init failed')))).rejects.toThrow('init failed');
  expect(fs.existsSync(LOCK)).toBe(false);
});

test('a lock left by a process that died is taken over', async () => {
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(dead.stdout);
  await withInitLock(() => Promise.resolve(undefined)); // waits out any real init of another suite
  fs.mkdirSync(LOCK);
  fs.writeFileSync(path.join(LOCK, 'pid'), String(pid));
  expect(await withInitLock(() => Promise.resolve('taken over'), 5_000)).toBe('taken over');
});

test('a live holder past the wait is an error naming the lock and the holder', async () => {
  let held: () => void = () => undefined;
  const release = new Promise<void>((resolve) => (held = resolve));
  const first = withInitLock(() => release);
  await sleep(20);
  await expect(withInitLock(() => Promise.resolve('never'), 200)).rejects.toThrow(
    `terraform init: waited 0.2 s for ${LOCK} (held by pid ${process.pid}); remove it if that process is not running`,
  );
  held();
  await first;
  expect(fs.existsSync(LOCK)).toBe(false);
});
