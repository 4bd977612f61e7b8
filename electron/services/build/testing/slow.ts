/**
 * A project whose build takes a while on purpose (a RUN that waits), on a node base image imported
 * from this host — for the cancel and engine-stop tests. Test helper only.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './projects';

const REPO = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');
export const NODE_BASE = 'plugsmith-test/node-base:1';

export function slowProject(seconds = 60): string {
  const dir = tempDir('slow');
  copyFileSync(join(REPO, 'examples/net-driver/config.json'), join(dir, 'config.json'));
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM ${NODE_BASE}\nRUN ["/usr/bin/node", "-e", "console.log('working'); setTimeout(() => {}, ${seconds * 1000})"]\nENTRYPOINT ["/usr/bin/node", "/driver.js"]\n`,
  );
  return dir;
}

export function writeProject(files: Record<string, string>): string {
  const dir = tempDir('bad');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export const EXAMPLE_CONFIG = (): string => readFileSync(join(REPO, 'examples/net-driver/config.json'), 'utf8');
