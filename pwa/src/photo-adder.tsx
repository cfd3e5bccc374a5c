import { useRef, useState } from 'preact/hooks';
import { uploadPhotoNow } from './api';
import { shrink } from './image';
import { addTexts, t } from './i18n';
import { uuid } from './util';

// Photos added to a record on a screen used online (a summary, an answer to an
// inspection's item): shrunk on the device as the phone's lesson photos are, then sent
// one after another with their progress shown.

addTexts({
  'ph.add': '添加照片',
  'ph.sending': '正在上传第 {i} 张，共 {n} 张',
  'ph.done': '照片已上传',
  'ph.photos': '照片',
}, {
  'ph.add': 'Add photos',
  'ph.sending': 'Uploading photo {i} of {n}',
  'ph.done': 'Photos uploaded',
  'ph.photos': 'Photos',
});

export type Thumb = { id: string; thumbnailUrl?: string | null };

export function Thumbs({ photos }: { photos?: Thumb[] }) {
  if (!photos?.length) return null;
  return (
    <ul class="plain thumbs" aria-label={t('ph.photos')}>
      {photos.map((p, i) => p.thumbnailUrl && <li key={p.id}><img src={p.thumbnailUrl} alt={`${t('ph.photos')} ${i + 1}`} width={96} height={72} loading="lazy" /></li>)}
    </ul>
  );
}

export function PhotoAdder({ subjectId, partId, onDone }: { subjectId: string; partId?: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<{ i: number; n: number; f: number } | null>(null);
  const [msg, setMsg] = useState('');
  const [err, setErr] = useState('');
  async function send(files: File[]) {
    setErr('');
    setMsg('');
    try {
      for (const [i, file] of files.entries()) {
        setState({ i: i + 1, n: files.length, f: 0 });
        const blob = await shrink(file);
        await uploadPhotoNow({ id: uuid(), subjectId, partId, contentType: 'image/jpeg', size: blob.size }, blob,
          (f) => setState({ i: i + 1, n: files.length, f }));
      }
      setMsg(t('ph.done'));
      onDone();
    } catch (e) {
      setErr((e as Error).message);
    } finally {
      setState(null);
      if (input.current) input.current.value = '';
    }
  }
  return (
    <div class="photo-adder">
      <label class="add-photos">{t('ph.add')}
        <input ref={input} name="photos" type="file" accept="image/jpeg,image/png,image/webp,image/*" multiple disabled={state !== null}
          onChange={(e) => send([...((e.target as HTMLInputElement).files ?? [])])} />
      </label>
      {state && (
        <p role="status">{t('ph.sending').replace('{i}', String(state.i)).replace('{n}', String(state.n))}
          <progress max={1} value={state.f} /></p>
      )}
      {msg && <p class="ok" role="status">{msg}</p>}
      {err && <p class="error" role="alert">{err}</p>}
    </div>
  );
}
