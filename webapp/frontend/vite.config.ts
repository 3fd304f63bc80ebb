/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/health': 'http://localhost:8080',
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    modulePreload: { polyfill: false },
    // Never inline small assets as data: URIs into CSS/JS; keeps everything a same-origin file.
    assetsInlineLimit: 0,
    sourcemap: false,
    rollupOptions: {
      output: {
        // Rollup splits every module two lazy pages share into a chunk of its own, down to a few hundred
        // bytes (use-latest was 136 B). The dashboard's first screen asked for 15 such chunks after the
        // entry; over HTTP/1.1's six connections per host that is three round trips in a row. Chunks
        // under 10 KB merge into a chunk that imports them when that changes no module's behaviour
        // (Rollup checks side effects).
        experimentalMinChunkSize: 10_000,
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    // Tests stub fetch (the network edge) with vi.stubGlobal; undone after each test.
    unstubGlobals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    include: ['src/**/*.test.{ts,tsx}'],
    // CI shares two cores with the Java build: a component test that takes 5 s there is slow, not broken.
    testTimeout: 20_000,
  },
});
