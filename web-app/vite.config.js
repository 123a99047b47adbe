import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The app lives under /app/ of query-service; Maven packs target/classes into the web-app jar, whose
// META-INF/resources Spring Boot serves. `npm run dev` serves it on :5173 with the APIs of a local stack behind a proxy.
export default defineConfig({
  root: fileURLToPath(new URL('./src', import.meta.url)),
  base: '/app/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('./target/classes/META-INF/resources/app', import.meta.url)),
    emptyOutDir: true,
    // no inline code: the pages' content security policy allows scripts of the app's own files only
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2020',
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8082',
      '/app/config.json': 'http://localhost:8082',
      '/app/local-sign-in': 'http://localhost:8082',
    },
  },
});
