// Downloading a file the server makes (an assistance file's PDF or ZIP), showing how much
// has arrived: a ZIP of a pairing's photos can take minutes on a county's line.
import { fileError, fileHeaders, ApiError } from './api';
import { t } from './i18n';

/** Fetches path and saves it as name, telling onProgress the bytes received and, when the
 * server says it, the size. */
export async function downloadWithProgress(path: string, name: string, onProgress: (got: number, total: number | null) => void): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { headers: fileHeaders() });
  } catch {
    throw new ApiError('OFFLINE', t('err.offline'), true);
  }
  if (!res.ok) throw await fileError(res);
  const total = Number(res.headers.get('Content-Length')) || null;
  const parts: Uint8Array[] = [];
  let got = 0;
  onProgress(0, total);
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      got += value.length;
      onProgress(got, total);
    }
  } else {
    const b = new Uint8Array(await res.arrayBuffer());
    parts.push(b);
    got = b.length;
    onProgress(got, total);
  }
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob(parts as BlobPart[], { type: res.headers.get('Content-Type') ?? 'application/octet-stream' }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
