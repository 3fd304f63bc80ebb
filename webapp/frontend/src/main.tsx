// First: zod's settings must be in place before any module builds a schema.
import '@/lib/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { App } from './app/app';
import { installSilentReauth } from '@/lib/auth/session';

// A 401 on an API call tries one silent refresh (refresh cookie) and one retry.
installSilentReauth();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
