import type { ReactNode } from 'react';

/** The frame of the public pages (sign-in, forgotten and reset password): a centred card. */
export function AuthCard({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4">
      <div className="w-full max-w-sm rounded-lg bg-white p-6 shadow">
        <p className="text-center text-2xl font-bold text-slate-900">Stockade</p>
        <h1 className="mt-1 text-center text-base text-slate-700">{heading}</h1>
        {children}
      </div>
    </main>
  );
}

/** A text link of the public pages. */
export const authLinkClasses = 'rounded text-sm text-blue-800 underline hover:text-blue-900 focus-ring';
