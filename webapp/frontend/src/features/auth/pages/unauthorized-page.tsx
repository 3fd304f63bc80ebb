import { Link } from 'react-router-dom';
import { usePageTitle } from '@/lib/use-page-title';
import { buttonClasses } from '@/components/atoms/button';

export function UnauthorizedPage() {
  usePageTitle('Not allowed');
  return (
    <section className="mx-auto max-w-lg py-12 text-center">
      <h2 className="text-xl font-semibold text-slate-900">You don't have access to this page</h2>
      <p className="mt-2 text-slate-700">Your role does not include this part of Stockade. Ask an administrator if you need it.</p>
      <Link to="/" className={`${buttonClasses('primary')} mt-6`}>
        Go to the dashboard
      </Link>
    </section>
  );
}
