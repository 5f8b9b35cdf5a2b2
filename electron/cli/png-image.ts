// A PNG of RGBA pixels with node:zlib alone (deflate for the pixels, crc32 for the chunks):
// 8 bits a channel, colour type 6, no interlacing, each row unfiltered (filter type 0), and
// tEXt chunks for what the picture shows.

import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, tail]);
}

/** `rgba`: width * height * 4 bytes, row after row. `text`: keyword -> Latin-1 text. */
export function encodePng(
  width: number,
  height: number,
  rgba: Uint8Array | Uint8ClampedArray,
  text: Record<string, string> = {},
): Buffer {
  if (rgba.length !== width * height * 4) {
    throw new RangeError(`${width}x${height} RGBA needs ${width * height * 4} bytes`);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, adaptive filtering, no interlace
  const rowBytes = width * 4;
  const rows = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    rows.set(rgba.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  }
  const texts = Object.entries(text).map(([keyword, value]) =>
    chunk('tEXt', Buffer.from(`${keyword}\0${value}`, 'latin1')),
  );
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    ...texts,
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
