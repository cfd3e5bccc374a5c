// Run after `vite build`: adds to dist/ what the server serves beside the app.
//  - GraphiQL (for the demo's /graphiql) from its npm package and React's, so that page
//    loads nothing from another origin. The service worker does not precache them.
//  - Precompressed copies (.br, .gz) of every text file, which the Go server embeds and
//    sends as they are to a browser that accepts them: no file of the app is compressed
//    per request. A copy is kept only when it is smaller than the file.
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const pkg = (name) => dirname(require.resolve(`${name}/package.json`));

mkdirSync(join(dist, 'graphiql'), { recursive: true });
for (const [from, to] of [
  [join(pkg('react'), 'umd/react.production.min.js'), 'react.production.min.js'],
  [join(pkg('react-dom'), 'umd/react-dom.production.min.js'), 'react-dom.production.min.js'],
  [join(pkg('graphiql'), 'graphiql.min.js'), 'graphiql.min.js'],
  [join(pkg('graphiql'), 'graphiql.min.css'), 'graphiql.min.css'],
  [new URL('graphiql-start.js', import.meta.url).pathname, 'start.js'],
]) {
  copyFileSync(from, join(dist, 'graphiql', to));
}

const text = /\.(html|js|css|svg|webmanifest|json|txt)$/;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (text.test(name)) compress(p);
  }
}
function compress(p) {
  const raw = readFileSync(p);
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  const gz = gzipSync(raw, { level: 9 });
  if (br.length < raw.length) writeFileSync(`${p}.br`, br);
  if (gz.length < raw.length) writeFileSync(`${p}.gz`, gz);
}
walk(dist);
