import { Outlet } from 'react-router-dom';
import { Sidebar } from './sidebar';
import { Header } from './header';

export function Layout() {
  return (
    <div className="flex min-h-screen bg-slate-50">
      <a
        href="#main"
        data-app-shell=""
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col" data-app-shell="">
        <Header />
        <main id="main" tabIndex={-1} className="flex-1 p-3 sm:p-6 print:p-0 focus:outline-none">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
