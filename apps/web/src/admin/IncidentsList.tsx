/** Recent incidents and admin actions (issue 16), newest first, with time, address and account. */
import type { IncidentRecord } from '@mud/protocol';

const time = (at: number) => new Date(at).toLocaleTimeString();

export function IncidentsList({ incidents }: { incidents: IncidentRecord[] }) {
  const newest = [...incidents].sort((a, b) => b.at - a.at);
  return (
    <section className="card admin__incidents" aria-labelledby="admin-incidents-title">
      <h2 className="card__title" id="admin-incidents-title">
        Recent incidents
      </h2>
      {newest.length === 0 ? (
        <p className="admin__empty">None so far.</p>
      ) : (
        <div className="admin__table-wrap">
          <table className="admin__table" data-testid="admin-incidents">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Incident</th>
                <th scope="col">Address</th>
                <th scope="col">Account</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {newest.map((i) => (
                <tr key={i.id} data-testid="admin-incident" data-name={i.name}>
                  <td>{time(i.at)}</td>
                  <td>
                    <code>{i.name}</code>
                    {i.count > 1 ? ` ×${i.count}` : ''}
                  </td>
                  <td>{i.address ?? '—'}</td>
                  <td>{i.account ?? '—'}</td>
                  <td>
                    {i.message}
                    {i.sessid !== null ? ` (session ${i.sessid})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
