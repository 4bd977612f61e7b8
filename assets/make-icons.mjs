#!/usr/bin/env node
/**
 * Draws Plugsmith's icon (a plug on a rounded square) and writes it as PNG at the
 * sizes the packagers want: assets/icon.png (512, macOS/Windows conversions),
 * assets/icons/{512x512,256x256}.png (Linux), assets/public/favicon.png (serve mode's
 * browser tab). Pure Node (zlib) — no image tools or downloads. Run again after editing.
 */
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixels → PNG (8-bit, colour type 6, no interlace, filter 0 on every row). */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Signed-distance shapes in a unit square (0..1), antialiased by coverage. */
const roundedRect = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};

export function drawIcon(size) {
  const px = Buffer.alloc(size * size * 4);
  const aa = 1 / size;
  const cover = (d) => Math.min(1, Math.max(0, 0.5 - d / aa));
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const x = (i + 0.5) / size;
      const y = (j + 0.5) / size;
      // Background: rounded square, teal to deep blue from top to bottom.
      const bg = cover(roundedRect(x, y, 0.5, 0.5, 0.46, 0.46, 0.1));
      let r = 20 + (1 - y) * 10, g = 110 - y * 60, b = 160 - y * 30;
      // The plug: body, two prongs, and a cable going down.
      const body = cover(roundedRect(x, y, 0.5, 0.5, 0.2, 0.13, 0.05));
      const prong = Math.max(cover(roundedRect(x, y, 0.41, 0.3, 0.035, 0.1, 0.02)), cover(roundedRect(x, y, 0.59, 0.3, 0.035, 0.1, 0.02)));
      const cable = cover(roundedRect(x, y, 0.5, 0.74, 0.045, 0.13, 0.02));
      const fg = Math.max(body, prong, cable);
      r = r * (1 - fg) + 240 * fg;
      g = g * (1 - fg) + 244 * fg;
      b = b * (1 - fg) + 248 * fg;
      const o = (j * size + i) * 4;
      px[o] = Math.round(r);
      px[o + 1] = Math.round(g);
      px[o + 2] = Math.round(b);
      px[o + 3] = Math.round(bg * 255);
    }
  }
  return encodePng(size, size, px);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = (rel, size) => {
    const file = join(here, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, drawIcon(size));
    console.log(`${rel} ${size}x${size}`);
  };
  out('icon.png', 512);
  out('icons/512x512.png', 512);
  out('icons/256x256.png', 256);
  out('public/favicon.png', 64);
}
