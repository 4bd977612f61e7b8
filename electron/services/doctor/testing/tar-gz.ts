/**
 * Every file of a .tar.gz, by name: how the bundle tests read back what Save wrote (an
 * independent reader, tar-stream's extract, not the code that packed it). Test helper only.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

export async function readTarGz(path: string): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  const ex = tar.extract();
  ex.on('entry', (h, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => {
      chunks.push(c as Buffer);
    });
    stream.on('end', () => {
      files[h.name] = Buffer.concat(chunks);
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
    createReadStream(path).pipe(createGunzip()).pipe(ex as unknown as NodeJS.WritableStream);
  });
  return files;
}
