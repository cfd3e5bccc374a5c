import { useEffect, useState } from 'preact/hooks';
import { gql, graphql } from '../api';
import type * as G from '../gql';
import { t } from '../i18n';
import '../texts-admin';
import { Pager } from '../admin-parts';

// The audit log as admins (all of it) and bureaus (their region's) read it: who changed
// what and when, newest first, filtered by a record or by a user, each change's input
// (passwords removed) one tap away.

const AuditDoc = graphql<G.AuditViewQuery, G.AuditViewQueryVariables>`query AuditView($f: AuditFilter, $after: String) {
  auditLog(filter: $f, first: 30, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id at operation recordId recordType input role user { id displayName username } } } } }`;

const UsersDoc = graphql<G.AuditUsersQuery, G.AuditUsersQueryVariables>`query AuditUsers($q: String) {
  users(first: 10, filter: { nameContains: $q }) { edges { node { id username displayName } } } }`;

type Entry = G.AuditViewQuery['auditLog']['edges'][number]['node'];

export function Audit() {
  const [record, setRecord] = useState('');
  const [userQ, setUserQ] = useState('');
  const [users, setUsers] = useState<{ id: string; username: string; displayName: string }[]>([]);
  const [user, setUser] = useState('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [data, setData] = useState<G.AuditViewQuery['auditLog'] | null>(null);
  const [err, setErr] = useState('');
  const after = pages[pages.length - 1];
  useEffect(() => {
    const timer = setTimeout(() => {
      const f: G.AuditFilter = {};
      if (record.trim()) f.recordId = record.trim();
      if (user) f.userId = user;
      gql(AuditDoc, { f, after }).then((d) => setData(d.auditLog)).catch((e) => setErr((e as Error).message));
    }, 250);
    return () => clearTimeout(timer);
  }, [record, user, after]);
  useEffect(() => {
    if (!userQ.trim()) return setUsers([]);
    const timer = setTimeout(() => {
      gql(UsersDoc, { q: userQ.trim() }).then((d) => setUsers(d.users.edges.map((e) => e.node))).catch(() => setUsers([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [userQ]);
  const restart = () => setPages([null]);
  const who = (e: Entry) => e.user ? `${e.user.displayName}${e.user.username ? `（${e.user.username}）` : ''}` : t('audit.system');
  return (
    <section class="audit">
      <h2>{t('audit.title')}{data ? `（${data.totalCount}）` : ''}</h2>
      <div class="card filters">
        <label>
          {t('audit.record')}
          <input name="recordId" value={record} onInput={(e) => {
            setRecord((e.target as HTMLInputElement).value);
            restart();
          }} />
        </label>
        <label>
          {t('audit.findUser')}
          <input name="userSearch" value={userQ} onInput={(e) => setUserQ((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('audit.user')}
          <select name="user" value={user} onChange={(e) => {
            setUser((e.target as HTMLSelectElement).value);
            restart();
          }}>
            <option value="">{t('audit.anyone')}</option>
            {users.map((u) => <option key={u.id} value={u.id}>{u.displayName}（{u.username}）</option>)}
          </select>
        </label>
      </div>
      {err && <p class="error" role="alert">{err}</p>}
      {data && data.edges.length === 0 && <p class="card">{t('audit.none')}</p>}
      {data && data.edges.length > 0 && (
        <div class="scroll">
          <table class="wide-table audit-table">
            <thead><tr><th>{t('audit.at')}</th><th>{t('audit.who')}</th><th>{t('audit.what')}</th><th>{t('audit.recordCol')}</th><th>{t('audit.input')}</th></tr></thead>
            <tbody>
              {data.edges.map(({ node: e }) => (
                <tr key={e.id} data-operation={e.operation}>
                  <td>{new Date(e.at).toLocaleString()}</td>
                  <td>{who(e)}{e.role ? ` · ${t(`role.${e.role}`)}` : ''}</td>
                  <td>{e.operation}</td>
                  <td>
                    {e.recordId ? (
                      <button type="button" class="link" onClick={() => {
                        setRecord(e.recordId!);
                        restart();
                      }}>{e.recordType ?? ''} {e.recordId.slice(0, 8)}</button>
                    ) : ''}
                  </td>
                  <td><details><summary>{t('audit.show')}</summary><pre>{e.input}</pre></details></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} setPages={setPages} info={data?.pageInfo} />
    </section>
  );
}
