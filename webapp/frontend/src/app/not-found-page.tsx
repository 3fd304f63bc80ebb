import { Link } from 'react-router-dom';
import { usePageTitle } from '@/lib/use-page-title';
import { buttonClasses } from '@/components/atoms/button';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <section className="mx-auto max-w-lg py-12 text-center">
      <p className="text-5xl font-bold text-slate-400" aria-hidden="true">
        404
      </p>
      <h2 className="mt-4 text-xl font-semibold text-slate-900">Page not found</h2>
      <p className="mt-2 text-slate-700">There is nothing at this address.</p>
      <Link to="/" className={`${buttonClasses('primary')} mt-6`}>
        Go to the dashboard
      </Link>
    </section>
  );
}
