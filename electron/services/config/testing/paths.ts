/**
 * Where the shared test material lives: `shared/` sits beside the repository (locally
 * /work/shared next to /work/main; in CI a copy beside the clone). Test helper only.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');
export const sharedDir = () => join(repoRoot, '..', 'shared');
export const corpusDir = () => join(sharedDir(), 'corpus', 'plugin-configs');
