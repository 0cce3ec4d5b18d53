import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

// The Maven build passes --outDir target/classes/META-INF/resources, where Quarkus serves static files.
// base './': every asset is addressed relative to the page, so the portal also works behind a path prefix.
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        help: resolve(import.meta.dirname, 'help.html'),
        status: resolve(import.meta.dirname, 'status.html'),
      },
    },
  },
  server: {
    // `npm run dev` against a running gateway (./archive up)
    proxy: Object.fromEntries(['/tap', '/datalink', '/cutmerge', '/soda', '/preview', '/fermi', '/api', '/login', '/logout'].map((p) => [p, 'http://localhost:8080'])),
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.ts'],
  },
});
