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
