/// <reference lib="webworker" />
// The service worker: the app shell is precached, so the app opens with no network
// after one visit; navigations fall back to the cached page. Background Sync wakes the
// app's outbox when the network returns.
import { precacheAndRoute, createHandlerBoundToURL, cleanupOutdatedCaches } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), {
  denylist: [/^\/graphql/, /^\/photos\//, /^\/photo-uploads\//, /^\/export\//, /^\/import\//, /^\/metrics/, /^\/healthz/, /^\/readyz/],
}));

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

self.addEventListener('sync', (e: Event) => {
  const ev = e as Event & { tag: string; waitUntil(p: Promise<unknown>): void };
  if (ev.tag !== 'outbox') return;
  ev.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((cs) => cs.forEach((c) => c.postMessage('sync-outbox'))),
  );
});
