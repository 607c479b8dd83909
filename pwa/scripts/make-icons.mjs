// Draws the app icons (a white map pin on the theme colour) into public/icons as PNG.
// Run with `npm run icons`; the generated files are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const THEME = [0x00, 0x58, 0x6b];
const WHITE = [0xff, 0xff, 0xff];
const OUT = new URL('../public/icons/', import.meta.url);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** @param {Buffer} buf */
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** @param {number} size @param {Uint8Array} rgba */
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * @param {number} size
 * @param {{ rounded: boolean, pinRadius: number, pinY: number }} o  pin geometry as fractions of size
 */
function drawIcon(size, o) {
  const rgba = new Uint8Array(size * size * 4);
  const r = o.pinRadius * size;
  const cx = size / 2;
  const cy = o.pinY * size;
  const tip = cy + 1.9 * r;
  const corner = o.rounded ? 0.22 * size : 0;
  /** @param {number} x @param {number} y */
  const inBackground = (x, y) => {
    const dx = Math.max(corner - x, 0, x - (size - corner));
    const dy = Math.max(corner - y, 0, y - (size - corner));
    return dx * dx + dy * dy <= corner * corner;
  };
  /** @param {number} x @param {number} y */
  const inPin = (x, y) => {
    const d2 = (x - cx) ** 2 + (y - cy) ** 2;
    if (d2 <= (0.42 * r) ** 2) return false;
    if (d2 <= r * r) return true;
    // The point below the circle: a triangle whose sides meet the circle at ±60°.
    const top = cy + 0.5 * r;
    if (y < top || y > tip) return false;
    const half = 0.866 * r * ((tip - y) / (tip - top));
    return Math.abs(x - cx) <= half;
  };
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = px + (sx + 0.5) / S;
          const y = py + (sy + 0.5) / S;
          if (!inBackground(x, y)) continue;
          if (inPin(x, y)) fg++;
          else bg++;
        }
      }
      const cover = (bg + fg) / (S * S);
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) rgba[i + c] = cover ? Math.round((THEME[c] * bg + WHITE[c] * fg) / (bg + fg)) : 0;
      rgba[i + 3] = Math.round(cover * 255);
    }
  }
  return png(size, rgba);
}

mkdirSync(OUT, { recursive: true });
const any = { rounded: true, pinRadius: 0.2, pinY: 0.38 };
// Maskable icons are cropped to a circle of 80 % of the size: keep the pin well inside it.
const maskable = { rounded: false, pinRadius: 0.14, pinY: 0.42 };
writeFileSync(new URL('icon-192.png', OUT), drawIcon(192, any));
writeFileSync(new URL('icon-512.png', OUT), drawIcon(512, any));
writeFileSync(new URL('icon-maskable-512.png', OUT), drawIcon(512, maskable));
writeFileSync(new URL('apple-touch-icon.png', OUT), drawIcon(180, { ...any, rounded: false }));
