// Photos are shrunk on the phone before they are queued: long edge at most 1600 px,
// JPEG at quality 0.8. Re-encoding through a canvas also drops EXIF, GPS included, and
// the picture is drawn upright first.

export const MAX_EDGE = 1600;
export const QUALITY = 0.8;

/** The size a w×h picture is drawn at: within maxEdge on its long side, never enlarged. */
export function targetSize(w: number, h: number, maxEdge = MAX_EDGE): { w: number; h: number } {
  const scale = Math.min(1, maxEdge / Math.max(w, h));
  return { w: Math.max(1, Math.round(w * scale)), h: Math.max(1, Math.round(h * scale)) };
}

export async function shrink(file: Blob, maxEdge = MAX_EDGE, quality = QUALITY): Promise<Blob> {
  const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const { w, h } = targetSize(bmp.width, bmp.height, maxEdge);
  let blob: Blob;
  if (typeof OffscreenCanvas !== 'undefined') {
    const c = new OffscreenCanvas(w, h);
    c.getContext('2d')!.drawImage(bmp, 0, 0, w, h);
    blob = await c.convertToBlob({ type: 'image/jpeg', quality });
  } else {
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    c.getContext('2d')!.drawImage(bmp, 0, 0, w, h);
    blob = await new Promise<Blob>((ok, fail) => c.toBlob((b) => (b ? ok(b) : fail(new Error('encode'))), 'image/jpeg', quality));
  }
  bmp.close();
  return blob;
}

/**
 * When a photo was taken, read before shrinking drops it: EXIF DateTimeOriginal (with
 * OffsetTimeOriginal when the camera wrote one, else China Standard Time, as phones here
 * are set), or the file's own time. ISO 8601, or null when neither is known.
 */
export async function takenAt(file: Blob): Promise<string | null> {
  const exif = exifDate(new DataView(await file.slice(0, 128 * 1024).arrayBuffer()));
  if (exif) return exif;
  const lm = (file as File).lastModified;
  return lm ? new Date(lm).toISOString() : null;
}

/** DateTimeOriginal from a JPEG's EXIF block, as an ISO time; null when absent. */
export function exifDate(v: DataView): string | null {
  if (v.byteLength < 4 || v.getUint16(0) !== 0xffd8) return null;
  let off = 2;
  while (off + 4 <= v.byteLength) {
    const marker = v.getUint16(off);
    const len = v.getUint16(off + 2);
    if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return null; // the picture begins
    if (marker === 0xffe1 && off + 10 <= v.byteLength && v.getUint32(off + 4) === 0x45786966) {
      return tiffDate(v, off + 10, Math.min(v.byteLength, off + 2 + len));
    }
    off += 2 + len;
  }
  return null;
}

function tiffDate(v: DataView, t: number, end: number): string | null {
  if (t + 8 > end) return null;
  const le = v.getUint16(t) === 0x4949;
  const u16 = (o: number) => v.getUint16(t + o, le);
  const u32 = (o: number) => v.getUint32(t + o, le);
  const ascii = (o: number, n: number) => {
    let s = '';
    for (let i = 0; i < n && t + o + i < end; i++) {
      const c = v.getUint8(t + o + i);
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s;
  };
  /** The tags of the directory at o: tag → [type, count, value or offset]. */
  const ifd = (o: number) => {
    const tags = new Map<number, { count: number; at: number }>();
    if (o <= 0 || t + o + 2 > end) return tags;
    const n = u16(o);
    for (let i = 0; i < n && t + o + 2 + i * 12 + 12 <= end; i++) {
      const e = o + 2 + i * 12;
      const count = u32(e + 4);
      tags.set(u16(e), { count, at: count > 4 ? u32(e + 8) : e + 8 });
    }
    return tags;
  };
  const exifPointer = ifd(u32(4)).get(0x8769);
  if (!exifPointer) return null;
  const sub = ifd(u32(exifPointer.at));
  const dt = sub.get(0x9003) ?? sub.get(0x9004);
  if (!dt) return null;
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(ascii(dt.at, dt.count));
  if (!m) return null;
  const tz = sub.get(0x9011);
  const offset = tz ? ascii(tz.at, tz.count) : '';
  const zone = /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : '+08:00';
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return isNaN(d.getTime()) ? null : d.toISOString();
}
