import { useEffect, useState } from 'preact/hooks';
import type { Item } from '../outbox';
import { progress, progressListeners } from '../api';
import { t } from '../i18n';

/** Every record made on this phone, with where it stands. */
export function Records({ items, onRetry, onSync }: { items: Item[]; onRetry: (id: string) => void; onSync: () => void }) {
  const [, tick] = useState(0);
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
