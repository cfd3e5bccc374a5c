// When the outbox may send: the phone's settings (kept per phone, in IndexedDB, so the
// service worker follows them too) and the network it is on.
import type { Outbox, Waiting } from './outbox';
import { t } from './i18n';

export interface SyncSettings {
  /** Nothing is sent until the user resumes. */
  paused: boolean;
  /** Nothing is sent over mobile data (where the browser can tell). */
  wifiOnly: boolean;
}

/** Why sending is held back now, or null. */
export type Hold = null | 'paused' | 'mobileData' | 'offline';

type Connection = { type?: string };

function connection(): Connection | undefined {
  return (navigator as Navigator & { connection?: Connection }).connection;
}

/** Whether this browser says what kind of network it is on (Android's Chrome does;
 * desktop browsers and iPhones do not). */
export function networkTypeKnown(): boolean {
  const type = connection()?.type;
  return typeof type === 'string' && type !== 'unknown';
}

/** Whether the phone is on mobile data, as far as the browser tells. */
export function onMobileData(): boolean {
  return connection()?.type === 'cellular';
}

export function held(s: SyncSettings): Hold {
  if (s.paused) return 'paused';
  if (!navigator.onLine) return 'offline';
  if (s.wifiOnly && onMobileData()) return 'mobileData';
  return null;
}

export function loadSettings(o: Outbox): Promise<SyncSettings> {
  return o.settings();
}

/** "2 条记录、3 张照片（4.2 MB）" */
export function waitingText(w: Waiting): string {
  const parts = [];
  if (w.records) parts.push(`${w.records} ${t('sync.records')}`);
  if (w.photos) parts.push(`${w.photos} ${t('sync.photos')}`);
  const mb = w.bytes / 1_000_000;
  return `${parts.join(t('sync.and'))}${t('sync.open')}${mb < 0.1 ? '< 0.1' : mb.toFixed(1)} MB${t('sync.close')}`;
}
