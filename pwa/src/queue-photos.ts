import { enqueue } from './api';
import { shrink } from './image';
import type { Outbox } from './outbox';
import { uuid } from './util';

/** Queues the photos chosen for a record saved through the outbox: each shrunk as a lesson's
 * are, sent after the record (their parent). `subject` says what the server files them under
 * (the record, or a part of it). A file that is not a readable image is left out. Returns the
 * queued items' ids, in the order they go. */
export async function queuePhotos(outbox: Outbox, files: File[], subject: { subjectId: string; partId?: string },
  label: string, parent: string): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, f] of files.entries()) {
    const blob = await shrink(f).catch(() => null);
    if (!blob) continue;
    const pid = uuid();
    await enqueue(outbox, 'photo', pid, { id: pid, ...subject, contentType: 'image/jpeg', size: blob.size }, `${label} · ${i + 1}`, blob, parent);
    ids.push(pid);
  }
  return ids;
}
