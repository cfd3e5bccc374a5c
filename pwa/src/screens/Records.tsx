import { useEffect, useState } from 'preact/hooks';
import type { Item } from '../outbox';
import { progress, progressListeners } from '../api';
import { t } from '../i18n';
import { confirmations, offlineConfirmations, type Confirmation } from '../data';

function ConfirmationState({ c }: { c: Confirmation }) {
  return (
    <div class={`confirmation ${c.status}`}>
      {t(`confirmation.${c.status}`)}
      {c.status === 'CONFIRMED' && c.rating ? ` · ${'★'.repeat(c.rating)}` : ''}
      {c.status === 'QUERIED' && c.queryReason ? `：${c.queryReason}` : ''}
    </div>
  );
}

/** Every record made on this phone, with where it stands. */
export function Records({ items, onRetry, onSync }: { items: Item[]; onRetry: (id: string) => void; onSync: () => void }) {
  const [, tick] = useState(0);
  const [conf, setConf] = useState<Record<string, Confirmation>>(offlineConfirmations());
  // The lessons this phone logged that reached the server, newest first.
  const logged = items.filter((i) => i.op === 'logTeachingSession' && i.state === 'synced').map((i) => i.id).reverse();
  const key = logged.join(',');
  useEffect(() => {
    if (navigator.onLine && logged.length) confirmations(logged).then(setConf).catch(() => {});
  }, [key]);
  useEffect(() => {
    const fn = () => tick((n) => n + 1);
    progressListeners.add(fn);
    return () => progressListeners.delete(fn);
  }, []);
  return (
    <section>
      <h2>{t('records.title')}</h2>
      <button type="button" onClick={onSync}>{t('records.syncNow')}</button>
      {items.length === 0 && <p class="card">{t('records.empty')}</p>}
      <ul class="plain">
        {items.map((it) => (
          <li key={it.id} class="card record" data-state={it.state}>
            <div>{it.label}</div>
            <div class={`state ${it.state}`}>{t(`state.${it.state}`)}</div>
            {it.state === 'synced' && conf[it.id] && <ConfirmationState c={conf[it.id]} />}
            {it.state === 'sending' && progress.has(it.id) && (
              <progress max={100} value={Math.round((progress.get(it.id) ?? 0) * 100)} aria-label={it.label} />
            )}
            {it.error && it.state !== 'synced' && <p class="error">{it.error}</p>}
            {it.state === 'failed' && <button type="button" onClick={() => onRetry(it.id)}>{t('records.retry')}</button>}
          </li>
        ))}
      </ul>
    </section>
  );
}
