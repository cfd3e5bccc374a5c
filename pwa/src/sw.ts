/// <reference lib="webworker" />
// The service worker: the app shell (all a teacher needs) is precached, so the app opens with no network
// after one visit; navigations fall back to the cached page. On Background Sync (the
// network is back), an open window of the app sends its outbox; with none open, the
// service worker sends it itself, as the signed-in user (the session is kept in
// IndexedDB) and following the phone's pause and Wi-Fi-only settings.
import { precacheAndRoute, createHandlerBoundToURL, cleanupOutdatedCaches } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { Outbox } from './outbox';
import { sendItem, setToken } from './api';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), {
  denylist: [/^\/graphql/, /^\/graphiql/, /^\/photos\//, /^\/photo-uploads\//, /^\/export\//, /^\/import\//, /^\/metrics/, /^\/healthz/, /^\/readyz/, /^\/robots\.txt/],
}));

// The screens of bureaus and kindergarten admins are chunks of their own, left out of
// the precache so that a teacher's phone never downloads them: the app fetches its
// user's chunks after sign-in, and they are kept here when first fetched (their names
// carry their content's hash, so a kept copy is always right). A new version of the app
// starts this cache afresh; the app fills it again at its next start online.
const SCREENS = 'screens-v1';
registerRoute(({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'), async ({ request }) => {
  const cache = await caches.open(SCREENS);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
});

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(caches.delete(SCREENS).then(() => self.clients.claim())));

/** Sends the outbox with no window open. A rejection tells the browser to try the sync
 * again later, as it does when something is left to send. */
async function sendOutbox(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window' });
  if (windows.length > 0) {
    for (const c of windows) c.postMessage('sync-outbox');
    return;
  }
  const outbox = new Outbox();
  const session = await outbox.session();
  if (!session) return; // signed out: the items wait for their owner's next sign-in
  const s = await outbox.settings();
  const conn = (self.navigator as Navigator & { connection?: { type?: string } }).connection;
  if (s.paused || (s.wifiOnly && conn?.type === 'cellular')) return;
  setToken(session.token);
  outbox.user = session.user;
  await outbox.sync(sendItem, { now: true });
  const left = await outbox.waiting(session.user.id);
  if (left.records + left.photos > 0 && (await outbox.list(session.user.id)).some((i) => i.state === 'queued')) {
    throw new Error('items left to send');
  }
}

self.addEventListener('sync', (e: Event) => {
  const ev = e as Event & { tag: string; waitUntil(p: Promise<unknown>): void };
  if (ev.tag !== 'outbox') return;
  ev.waitUntil(sendOutbox());
});
