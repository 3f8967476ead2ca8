/**
 * `/admin` (docs/architecture.md#the-admin-view): the admin page is a chunk of its own, loaded
 * only on this route, so the player's initial bundle does not grow by it.
 */
import { lazy, Suspense } from 'react';

const AdminPage = lazy(() => import('../admin/AdminPage.js'));

/** Whether the page's path is the admin view's. */
export function isAdminPath(pathname: string): boolean {
  return pathname.replace(/\/+$/, '') === '/admin';
}

export function AdminRoute() {
  return (
    <Suspense fallback={<p className="admin-loading">Loading the admin view…</p>}>
      <AdminPage />
    </Suspense>
  );
}
