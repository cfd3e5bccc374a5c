import { useEffect, useState } from 'preact/hooks';
import type { Item } from '../outbox';
import { progress, progressListeners } from '../api';
import { t } from '../i18n';
import { confirmations, offlineConfirmations, type Confirmation } from '../data';
import { networkTypeKnown, type Hold, type SyncSettings } from '../syncpolicy';

function ConfirmationState({ c }: { c: Confirmation }) {
  return (
    <div class={`confirmation ${c.status}`}>
      {t(`confirmation.${c.status}`)}
      {c.status === 'CONFIRMED' && c.rating ? ` · ${'★'.repeat(c.rating)}` : ''}
      {c.status === 'QUERIED' && c.queryReason ? `：${c.queryReason}` : ''}
    </div>
  );
}

/** Where a record's photos stand: "照片 2/3 已上传", with the one being sent's progress. */
function PhotosState({ photos }: { photos: Item[] }) {
  const up = photos.filter((p) => p.state === 'synced').length;
  const sending = photos.find((p) => p.state === 'sending' && progress.has(p.id));
  const failed = photos.filter((p) => p.state === 'failed');
  return (
    <div class="photos-state" data-photos={photos.length} data-uploaded={up}>
      {t('records.photos')} {up}/{photos.length} {t('records.photosUp')}
      {sending && (
        <progress max={100} value={Math.round((progress.get(sending.id) ?? 0) * 100)} aria-label={sending.label} />
      )}
      {failed.map((p) => <p key={p.id} class="error">{p.label}：{p.error}</p>)}
    </div>
  );
}

/** The record's state as a whole: failed or sending if any part is, uploaded when all are. */
function stateOf(rec: Item, photos: Item[]): Item['state'] {
  const all = [rec, ...photos];
  if (all.some((i) => i.state === 'failed')) return 'failed';
  if (all.some((i) => i.state === 'sending')) return 'sending';
  if (all.every((i) => i.state === 'synced')) return 'synced';
  return 'queued';
}

interface Props {
  items: Item[];
  others: Map<string, number>;
  settings: SyncSettings;
  hold: Hold;
  onSettings: (s: SyncSettings) => void;
  onRetry: (id: string) => void;
  onSync: () => void;
}

/** The signed-in user's records made on this phone, one row each with its photos, and
 * how this phone sends them. */
export function Records({ items, others, settings, hold, onSettings, onRetry, onSync }: Props) {
  const [, tick] = useState(0);
  const [conf, setConf] = useState<Record<string, Confirmation>>(offlineConfirmations());
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const ids = new Set(items.map((i) => i.id));
  const records = items.filter((i) => !(i.parent && ids.has(i.parent)));
  const photosOf = (id: string) => items.filter((i) => i.parent === id).reverse();
  // The lessons this phone logged that reached the server, newest first.
  const logged = items.filter((i) => i.op === 'logTeachingSession' && i.state === 'synced').map((i) => i.id).reverse();
  const key = logged.join(',');
  useEffect(() => {
    if (navigator.onLine && logged.length) confirmations(logged).then(setConf).catch(() => {});
  }, [key]);
  useEffect(() => {
    const fn = () => tick((n) => n + 1);
    progressListeners.add(fn);
    navigator.storage?.persisted?.().then(setPersisted).catch(() => setPersisted(false));
    return () => progressListeners.delete(fn);
  }, []);
  const othersCount = [...others.values()].reduce((a, b) => a + b, 0);
  return (
    <section>
      <h2>{t('records.title')}</h2>
      <button type="button" onClick={onSync} disabled={hold === 'paused'}>{t('records.syncNow')}</button>
      {hold && hold !== 'offline' && <p class="muted" role="status" data-hold={hold}>{t(`hold.${hold}`)}</p>}
      {othersCount > 0 && (
        <p class="card muted" data-others={othersCount}>
          {t('records.others').replace('{n}', String(othersCount)).replace('{who}', [...others.keys()].join('、'))}
        </p>
      )}
      {records.length === 0 && <p class="card">{t('records.empty')}</p>}
      <ul class="plain">
        {records.map((it) => {
          const photos = photosOf(it.id);
          const state = stateOf(it, photos);
          return (
            <li key={it.id} class="card record" data-state={state} data-id={it.id}>
              <div>{it.label}</div>
              <div class={`state ${state}`}>{t(`state.${state}`)}</div>
              {it.state === 'synced' && conf[it.id] && <ConfirmationState c={conf[it.id]} />}
              {photos.length > 0 && <PhotosState photos={photos} />}
              {it.op === 'photo' && it.state === 'sending' && progress.has(it.id) && (
                <progress max={100} value={Math.round((progress.get(it.id) ?? 0) * 100)} aria-label={it.label} />
              )}
              {it.error && it.state !== 'synced' && <p class="error">{it.error}</p>}
              {state === 'failed' && <button type="button" onClick={() => onRetry(it.id)}>{t('records.retry')}</button>}
            </li>
          );
        })}
      </ul>
      <fieldset class="card settings">
        <legend>{t('settings.title')}</legend>
        <label class="check">
          <input type="checkbox" name="paused" checked={settings.paused}
            onChange={(e) => onSettings({ ...settings, paused: (e.target as HTMLInputElement).checked })} />
          {t('settings.pause')}
        </label>
        <label class="check">
          <input type="checkbox" name="wifiOnly" checked={settings.wifiOnly}
            onChange={(e) => onSettings({ ...settings, wifiOnly: (e.target as HTMLInputElement).checked })} />
          {t('settings.wifiOnly')}
        </label>
        {!networkTypeKnown() && <p class="muted" data-network="unknown">{t('settings.networkUnknown')}</p>}
        <p class="muted" data-persisted={String(persisted)}>
          {persisted ? t('settings.persisted') : t('settings.notPersisted')}
        </p>
        <p class="muted">{t('settings.keep')}</p>
      </fieldset>
    </section>
  );
}
