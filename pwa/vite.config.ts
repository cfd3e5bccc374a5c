import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

// The built app is committed (dist/) and embedded in the Go server, which serves it at /.
export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: {
        name: '手拉手 · 城乡结对帮扶',
        short_name: '手拉手',
        description: '送教下乡、视导记录与结对帮扶统计',
        lang: 'zh-CN',
        start_url: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#c0392b',
        // Android's installer wants PNGs of 192 and 512 px, and a maskable one whose mark
        // stays inside the safe zone (scripts/icons.mjs draws them from icon.svg).
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      // The bureau's and the kindergarten admins' screens (and the bureau's chart) are left
      // out: teachers' phones should not download them; the service worker keeps them when
      // the app of a user who has those screens fetches them (src/sw.ts). So are the demo's
      // GraphiQL files (scripts/finish.mjs adds them after the build).
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        globIgnores: ['**/chart-*.js', '**/{Dashboard,Builder,Setup,Compliance,Evidence,People,PairingAdmin,Accounts,Audit,Pairings,Training,Mentors,Donations,FollowUp,Grade,Mine,Inspections,pairing-file,plan-editor,file-download,texts-admin,evidence-link,admin-parts}-*.js', 'graphiql/**'],
      },
    }),
  ],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2020' },
  test: { environment: 'node' },
});
