// Vite build of the office console (Vue 3 + Element Plus + ECharts) into console/dist, served by the API at /console.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/console/',
  plugins: [vue()],
  // Government intranets have no internet: nothing may be fetched from outside at run time.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: {
    // `npx vite console` during development: the API runs on its usual port.
    proxy: { '/v1': 'http://127.0.0.1:3000' },
  },
});
