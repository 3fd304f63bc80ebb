// First: zod's settings must be in place before any module builds a schema.
import '@/lib/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { App } from './app/app';
import { preloadFirstScreen } from './app/router';
import { canResumeSession, installSilentReauth, refreshSession } from '@/lib/auth/session';

// A 401 on an API call tries one silent refresh (refresh cookie) and one retry.
installSilentReauth();

// The session's refresh starts now, not after React's first render (SessionBoot waits for this same
// request), and the first screen's chunks download beside it (see preloadFirstScreen).
if (canResumeSession()) void refreshSession().catch(() => null);
preloadFirstScreen(window.location.pathname);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
