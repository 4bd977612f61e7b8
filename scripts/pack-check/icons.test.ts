/**
 * The icons electron-builder and serve mode use are real PNGs of the sizes they
 * claim, and are what assets/make-icons.mjs draws (so the generator is the source).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
// @ts-expect-error plain JS module without types
import { drawIcon } from '../../assets/make-icons.mjs';

function readPng(buf: Buffer) {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let off = 8;
  const chunks: { type: string; data: Buffer }[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    chunks.push({ type: buf.subarray(off + 4, off + 8).toString('ascii'), data: buf.subarray(off + 8, off + 8 + len) });
    off += 12 + len;
  }
  const ihdr = chunks[0];
  expect(ihdr.type).toBe('IHDR');
  const width = ihdr.data.readUInt32BE(0);
  const height = ihdr.data.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  expect(raw.length).toBe((width * 4 + 1) * height);
  expect(chunks.at(-1)!.type).toBe('IEND');
  return { width, height, raw };
}

describe('icons', () => {
  for (const [file, size] of [
    ['assets/icon.png', 512],
    ['assets/icons/512x512.png', 512],
    ['assets/icons/256x256.png', 256],
    ['assets/public/favicon.png', 64],
  ] as const) {
    it(`${file} is a ${size}x${size} PNG drawn by make-icons.mjs`, () => {
      const buf = readFileSync(file);
      const png = readPng(buf);
      expect([png.width, png.height]).toEqual([size, size]);
      expect(buf.equals(drawIcon(size))).toBe(true);
      // Corners are transparent (rounded square), the centre is opaque.
      expect(png.raw[1 + 3]).toBe(0);
      const mid = (size / 2) * (size * 4 + 1) + 1 + (size / 2) * 4;
      expect(png.raw[mid + 3]).toBe(255);
    });
  }
});
