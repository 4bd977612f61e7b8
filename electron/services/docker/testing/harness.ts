/**
 * What every integration test needs: the test engine's address (set by the runner, or
 * by hand: `node scripts/test-env/dockerd.mjs start /tmp/psd-x` and export the host it
 * prints as PLUGSMITH_TEST_DOCKER_HOST), and the real services wired to it.
 * Test helper only, not shipped.
 */
import { randomBytes } from 'node:crypto';
import { Engine } from '../engine';
import { EventHub } from '../../events/hub';
import { JobManager } from '../../jobs/jobs';
import { PluginService } from '../plugins';

export const TEST_HOST_ENV = 'PLUGSMITH_TEST_DOCKER_HOST';

export function testEngineHost(): string | null {
  const h = process.env[TEST_HOST_ENV];
  return h && h.trim() ? h.trim() : null;
}

export const SKIP_REASON = `${TEST_HOST_ENV} is unset: start a test engine with \`node scripts/test-env/dockerd.mjs start /tmp/psd-it\` and export the host it prints`;

export interface Wired {
  engine: Engine;
  hub: EventHub;
  jobs: JobManager;
  plugins: PluginService;
}

export function wire(host: string, enableTimeoutSeconds = 10): Wired {
  // The env is passed explicitly so a DOCKER_HOST in the shell can never point a test at the host's engine.
  const engine = new Engine({ dockerHost: host, env: {} });
  const hub = new EventHub();
  const jobs = new JobManager(hub);
  const plugins = new PluginService({ engine: () => engine, hub, jobs, enableTimeoutSeconds: () => enableTimeoutSeconds });
  return { engine, hub, jobs, plugins };
}

/** A plugin name no other test (or earlier run) uses. */
export function uniqueName(label: string): string {
  return `plugsmith-it/${label}-${randomBytes(3).toString('hex')}`;
}
