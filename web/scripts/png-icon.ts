/**
 * The PWA's PNG icons, drawn at build time (no image tooling needed): a rounded violet square
 * with a white play triangle, 4×4 supersampled. `maskable` fills the whole square and keeps the
 * triangle inside the 80 % safe zone that launchers may crop to.
 */
import { crc32, deflateSync } from "node:zlib";

const BACKGROUND = [0x8b, 0x5c, 0xf6];
const SAMPLES = 4;

function inside(x: number, y: number, maskable: boolean): "triangle" | "background" | null {
  // Coordinates in the 64-unit design space of icon.svg.
  const [cx, cy] = maskable ? [32 + (x - 32) / 0.8, 32 + (y - 32) / 0.8] : [x, y];
  if (cx >= 25 && cy >= 19 + ((cx - 25) * 13) / 22 && cy <= 45 - ((cx - 25) * 13) / 22 && cx <= 47) {
    return "triangle";
  }
  if (maskable) return "background";
  const r = 14;
  const dx = Math.max(r - x, 0, x - (64 - r));
  const dy = Math.max(r - y, 0, y - (64 - r));
  return dx * dx + dy * dy <= r * r ? "background" : null;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function pngIcon(size: number, maskable = false): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let white = 0;
      let cover = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = ((px + (sx + 0.5) / SAMPLES) / size) * 64;
          const y = ((py + (sy + 0.5) / SAMPLES) / size) * 64;
          const hit = inside(x, y, maskable);
          if (hit) cover++;
          if (hit === "triangle") white++;
        }
      }
      const n = SAMPLES * SAMPLES;
      const offset = py * (size * 4 + 1) + 1 + px * 4;
      const w = cover ? white / cover : 0;
      for (let c = 0; c < 3; c++) raw[offset + c] = Math.round((BACKGROUND[c] as number) * (1 - w) + 255 * w);
      raw[offset + 3] = Math.round((cover / n) * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
