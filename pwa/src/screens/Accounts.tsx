import { useEffect, useState } from 'preact/hooks';
import { gql, graphql } from '../api';
import type * as G from '../gql';
import { t } from '../i18n';
import '../texts-admin';
import { Pager, useKindergartenSearch } from '../admin-parts';
import { cached } from '../util';

// The admin's accounts: logins for a kindergarten's teachers made at once, each with a
// one-time password shown here once and downloaded as one Excel file to hand out; the
// list of accounts with their last sign-in, a new one-time password for someone who
// forgot theirs, and disabling someone who left (their sessions end at once).


const TeachersDoc = graphql<G.AccountTeachersQuery, G.AccountTeachersQueryVariables>`query AccountTeachers($kg: ID!) {
  teachers(first: 100, filter: { kindergartenId: $kg, current: true }, orderBy: { field: NAME, direction: ASC }) {
    totalCount edges { node { id name phone post account { id username } } } } }`;

const CreateDoc = graphql<G.CreateAccountsMutation, G.CreateAccountsMutationVariables>`mutation CreateAccounts($ids: [ID!]!, $role: Role) {
  createAccounts(input: { teacherIds: $ids, role: $role }) {
    accounts { password kindergartenName user { id username displayName } } skipped { teacherId teacher { name } reason } xlsx fileName } }`;

const UsersDoc = graphql<G.AccountUsersQuery, G.AccountUsersQueryVariables>`query AccountUsers($q: String, $after: String) {
  users(first: 20, after: $after, filter: { nameContains: $q }, orderBy: { field: USERNAME, direction: ASC }) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id username displayName role disabled mustChangePassword lastLoginAt
      kindergarten { id name } region { code name } teacher { id } } } } }`;

const IssueDoc = graphql<G.IssuePasswordMutation, G.IssuePasswordMutationVariables>`mutation IssuePassword($id: ID!) {
  issuePassword(id: $id) { accounts { password kindergartenName user { id username displayName } } skipped { teacherId reason } xlsx fileName } }`;

const UpdateDoc = graphql<G.SetUserDisabledMutation, G.SetUserDisabledMutationVariables>`mutation SetUserDisabled($id: ID!, $in: UserInput!) {
  updateUser(id: $id, input: $in) { id disabled } }`;

const RegionsDoc = graphql<G.AccountRegionsQuery, G.AccountRegionsQueryVariables>`query AccountRegions { regions { code name level } }`;

const CreateUserDoc = graphql<G.CreateOneUserMutation, G.CreateOneUserMutationVariables>`mutation CreateOneUser($in: UserInput!) {
  createUser(input: $in) { id username displayName kindergarten { name } region { name } } }`;

type Issued = G.CreateAccountsMutation['createAccounts'];
type User = G.AccountUsersQuery['users']['edges'][number]['node'];
type Teacher = G.AccountTeachersQuery['teachers']['edges'][number]['node'];

/** A one-time password made on this device: 10 letters and digits, none that look alike. */
function oneTimePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(10));
    const p = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    if (/[0-9]/.test(p) && /[A-Za-z]/.test(p)) return p;
  }
}

/** Saves a file the API sent in base64. */
function save(b64: string, name: string) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

/** Passwords just given out: shown once, with the file to hand out. */
function IssuedList({ issued, onClose }: { issued: Issued; onClose: () => void }) {
  return (
    <div class="card issued" role="status">
      <h3>{t('acc.issuedTitle')}</h3>
      <p class="warn">{t('acc.once')}</p>
      {issued.accounts.length > 0 && (
        <table class="wide-table">
          <thead><tr><th>{t('acc.name')}</th><th>{t('acc.kindergarten')}</th><th>{t('acc.username')}</th><th>{t('acc.password')}</th></tr></thead>
          <tbody>
            {issued.accounts.map((a) => (
              <tr key={a.user.id} data-username={a.user.username}>
                <td>{a.user.displayName}</td><td>{a.kindergartenName}</td><td>{a.user.username}</td><td class="password"><code>{a.password}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {issued.skipped.length > 0 && (
        <ul class="skipped">
          {issued.skipped.map((s) => <li key={s.teacherId}>{s.teacher?.name ?? s.teacherId}：{s.reason}</li>)}
        </ul>
      )}
      <div class="actions">
        {issued.accounts.length > 0 && issued.xlsx && (
          <button type="button" class="download-accounts" onClick={() => save(issued.xlsx, issued.fileName)}>{t('acc.download')}</button>
        )}
        <button type="button" class="secondary" onClick={onClose}>{t('acc.done')}</button>
      </div>
    </div>
  );
}

function NewAccounts({ onIssued }: { onIssued: (i: Issued) => void }) {
  const [q, setQ] = useState('');
  const kgs = useKindergartenSearch(q, (e) => setErr(e.message));
  const [kg, setKg] = useState('');
  const [teachers, setTeachers] = useState<Teacher[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [role, setRole] = useState<G.Role>('TEACHER');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState('');
  const load = (id: string) => {
    setKg(id);
    setPicked([]);
    if (!id) return setTeachers([]);
    gql(TeachersDoc, { kg: id }).then((d) => setTeachers(d.teachers.edges.map((e) => e.node))).catch((e) => setErr((e as Error).message));
  };
  const without = teachers.filter((x) => !x.account);
  async function create(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErr('');
    try {
      const d = await gql(CreateDoc, { ids: picked, role });
      onIssued(d.createAccounts);
      load(kg);
    } catch (x) {
      setErr((x as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card new-accounts" onSubmit={create}>
      <h3>{t('acc.newTitle')}</h3>
      <div class="row">
        <label>
          {t('acc.findKg')}
          <input name="kgSearch" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('acc.kindergarten')}
          <select name="kindergarten" value={kg} onChange={(e) => load((e.target as HTMLSelectElement).value)}>
            <option value="">{t('acc.chooseKg')}</option>
            {kgs.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
          </select>
        </label>
        <label>
          {t('acc.role')}
          <select name="role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as G.Role)}>
            <option value="TEACHER">{t('role.TEACHER')}</option>
            <option value="KINDERGARTEN_ADMIN">{t('role.KINDERGARTEN_ADMIN')}</option>
          </select>
        </label>
      </div>
      {kg && teachers.length === 0 && <p class="muted">{t('acc.noTeachers')}</p>}
      {teachers.length > 0 && (
        <div class="scroll">
          <table class="wide-table teachers-table">
            <thead>
              <tr>
                <th>
                  <label class="check">
                    <input type="checkbox" name="all" checked={without.length > 0 && picked.length === without.length}
                      onChange={(e) => setPicked((e.target as HTMLInputElement).checked ? without.map((x) => x.id) : [])} />
                    {t('acc.all')}
                  </label>
                </th>
                <th>{t('acc.name')}</th><th>{t('acc.phone')}</th><th>{t('acc.account')}</th>
              </tr>
            </thead>
            <tbody>
              {teachers.map((x) => (
                <tr key={x.id} data-teacher={x.id}>
                  <td>
                    {x.account ? '—' : (
                      <label class="check">
                        <input type="checkbox" name="teacher" value={x.id} checked={picked.includes(x.id)}
                          onChange={(e) => setPicked((e.target as HTMLInputElement).checked ? [...picked, x.id] : picked.filter((p) => p !== x.id))} />
                        {t('acc.pick')}
                      </label>
                    )}
                  </td>
                  <td>{x.name}</td><td>{x.phone ?? ''}</td><td>{x.account?.username ?? t('acc.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {err && <p class="error" role="alert">{err}</p>}
      <button type="submit" class="create-accounts" disabled={busy || picked.length === 0}>
        {t('acc.create').replace('{n}', String(picked.length))}
      </button>
      <p class="muted">{t('acc.usernameRule')}</p>
    </form>
  );
}

/** One account of any role: a bureau's (for a region), a kindergarten admin's or a teacher's
 * (for a kindergarten), or another admin; its one-time password is made here and shown once. */
function OneAccount({ onIssued }: { onIssued: (i: Issued) => void }) {
  const [role, setRole] = useState<G.Role>('BUREAU');
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const [region, setRegion] = useState('');
  const [q, setQ] = useState('');
  const kgs = useKindergartenSearch(q);
  const [kg, setKg] = useState('');
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    gql(RegionsDoc, {}).then((d) => setRegions(d.regions.filter((r) => r.level !== 'TOWNSHIP'))).catch(() => {});
  }, []);
  async function create(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErr('');
    const password = oneTimePassword();
    try {
      const d = await gql(CreateUserDoc, { in: { username, displayName: name, password, role,
        regionCode: role === 'BUREAU' ? region : null,
        kindergartenId: role === 'KINDERGARTEN_ADMIN' || role === 'TEACHER' ? kg : null } });
      const u = d.createUser;
      onIssued({ accounts: [{ password, kindergartenName: u.kindergarten?.name ?? u.region?.name ?? null, user: { id: u.id, username: u.username, displayName: u.displayName } }],
        skipped: [], xlsx: '', fileName: '' });
      setUsername('');
      setName('');
    } catch (x) {
      setErr((x as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card one-account" onSubmit={create}>
      <h3>{t('acc.oneTitle')}</h3>
      <div class="row">
        <label>
          {t('acc.role')}
          <select name="oneRole" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as G.Role)}>
            {(['BUREAU', 'KINDERGARTEN_ADMIN', 'TEACHER', 'ADMIN'] as G.Role[]).map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
        </label>
        <label>{t('acc.username')}<input name="oneUsername" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} required /></label>
        <label>{t('acc.displayName')}<input name="oneName" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} required /></label>
      </div>
      {role === 'BUREAU' && (
        <label>
          {t('acc.region')}
          <select name="oneRegion" value={region} onChange={(e) => setRegion((e.target as HTMLSelectElement).value)} required>
            <option value="">{t('acc.chooseRegion')}</option>
            {regions.map((r) => <option key={r.code} value={r.code}>{r.name}（{r.code}）</option>)}
          </select>
        </label>
      )}
      {(role === 'KINDERGARTEN_ADMIN' || role === 'TEACHER') && (
        <div class="row">
          <label>{t('acc.findKg')}<input name="oneKgSearch" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} /></label>
          <label>
            {t('acc.kindergarten')}
            <select name="oneKindergarten" value={kg} onChange={(e) => setKg((e.target as HTMLSelectElement).value)} required>
              <option value="">{t('acc.chooseKg')}</option>
              {kgs.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
            </select>
          </label>
        </div>
      )}
      {err && <p class="error" role="alert">{err}</p>}
      <button type="submit" class="create-one" disabled={busy}>{t('acc.createOne')}</button>
    </form>
  );
}

/** Changes an account's role or scope (a bureau's region, a kindergarten user's kindergarten). */
function RoleForm({ user, onDone }: { user: User; onDone: (saved: boolean) => void }) {
  const [role, setRole] = useState<G.Role>(user.role);
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const [region, setRegion] = useState(user.region?.code ?? '');
  const [q, setQ] = useState('');
  const kgs = useKindergartenSearch(q);
  const [kg, setKg] = useState(user.kindergarten?.id ?? '');
  const [err, setErr] = useState('');
  useEffect(() => {
    gql(RegionsDoc, {}).then((d) => setRegions(d.regions.filter((r) => r.level !== 'TOWNSHIP'))).catch(() => {});
  }, []);
  const kgRole = role === 'KINDERGARTEN_ADMIN' || role === 'TEACHER';
  async function save(e: Event) {
    e.preventDefault();
    setErr('');
    try {
      await gql(UpdateDoc, { id: user.id, in: { username: user.username, displayName: user.displayName, role,
        regionCode: role === 'BUREAU' ? region : null, kindergartenId: kgRole ? kg : null,
        teacherId: kgRole && kg === user.kindergarten?.id ? user.teacher?.id ?? null : null, disabled: user.disabled } });
      onDone(true);
    } catch (x) {
      setErr((x as Error).message);
    }
  }
  return (
    <form class="card role-form" onSubmit={save}>
      <h3>{t('acc.roleTitle').replace('{who}', user.displayName)}</h3>
      <div class="row">
        <label>{t('acc.role')}
          <select name="editRole" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as G.Role)}>
            {(['BUREAU', 'KINDERGARTEN_ADMIN', 'TEACHER', 'ADMIN'] as G.Role[]).map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
        </label>
        {role === 'BUREAU' && (
          <label>{t('acc.region')}
            <select name="editRegion" value={region} onChange={(e) => setRegion((e.target as HTMLSelectElement).value)} required>
              <option value="">{t('acc.chooseRegion')}</option>
              {regions.map((r) => <option key={r.code} value={r.code}>{r.name}（{r.code}）</option>)}
            </select>
          </label>
        )}
        {kgRole && (
          <>
            <label>{t('acc.findKg')}<input name="editKgSearch" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} /></label>
            <label>{t('acc.kindergarten')}
              <select name="editKindergarten" value={kg} onChange={(e) => setKg((e.target as HTMLSelectElement).value)} required>
                <option value="">{t('acc.chooseKg')}</option>
                {kgs.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
                {user.kindergarten && !kgs.some((k) => k.id === user.kindergarten!.id) && <option value={user.kindergarten.id}>{user.kindergarten.name}</option>}
              </select>
            </label>
          </>
        )}
      </div>
      {err && <p class="error" role="alert">{err}</p>}
      <div class="actions">
        <button type="submit" class="save-role">{t('pa.save')}</button>
        <button type="button" class="secondary" onClick={() => onDone(false)}>{t('pa.cancel')}</button>
      </div>
    </form>
  );
}

function UserList({ onIssued }: { onIssued: (i: Issued) => void }) {
  const [editing, setEditing] = useState<User | null>(null);
  const [q, setQ] = useState('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [data, setData] = useState<G.AccountUsersQuery['users'] | null>(null);
  const [err, setErr] = useState('');
  const after = pages[pages.length - 1];
  const reload = () => gql(UsersDoc, { q: q || null, after }).then((d) => setData(d.users)).catch((e) => setErr((e as Error).message));
  useEffect(() => {
    const timer = setTimeout(reload, 250);
    return () => clearTimeout(timer);
  }, [q, after]);
  const act = async (fn: () => Promise<unknown>) => {
    setErr('');
    try {
      await fn();
      await reload();
    } catch (x) {
      setErr((x as Error).message);
    }
  };
  const toggle = (u: User) => act(() => gql(UpdateDoc, { id: u.id, in: {
    username: u.username, displayName: u.displayName, role: u.role, regionCode: u.region?.code ?? null,
    kindergartenId: u.kindergarten?.id ?? null, teacherId: u.teacher?.id ?? null, disabled: !u.disabled } }));
  const issue = (u: User) => act(async () => {
    if (!window.confirm(t('acc.issueConfirm').replace('{who}', u.displayName))) return;
    const d = await gql(IssueDoc, { id: u.id });
    onIssued({ ...d.issuePassword, skipped: [] });
  });
  const self = cached<{ id: string }>('me')?.id;
  const when = (s: string | null | undefined) => (s ? new Date(s).toLocaleString() : t('acc.never'));
  return (
    <section class="card users">
      <h3>{t('acc.listTitle')}{data ? `（${data.totalCount}）` : ''}</h3>
      <label>
        {t('acc.search')}
        <input name="userSearch" value={q} onInput={(e) => {
          setQ((e.target as HTMLInputElement).value);
          setPages([null]);
        }} />
      </label>
      {err && <p class="error" role="alert">{err}</p>}
      {editing && <RoleForm user={editing} onDone={(saved) => { setEditing(null); if (saved) reload(); }} />}
      {data && (
        <div class="scroll">
          <table class="wide-table users-table">
            <thead>
              <tr><th>{t('acc.username')}</th><th>{t('acc.name')}</th><th>{t('acc.role')}</th><th>{t('acc.scope')}</th>
                <th>{t('acc.lastLogin')}</th><th>{t('acc.state')}</th><th>{t('acc.actions')}</th></tr>
            </thead>
            <tbody>
              {data.edges.map(({ node: u }) => (
                <tr key={u.id} data-username={u.username} data-disabled={String(u.disabled)}>
                  <td>{u.username}</td><td>{u.displayName}</td><td>{t(`role.${u.role}`)}</td>
                  <td>{u.kindergarten?.name ?? u.region?.name ?? ''}</td><td>{when(u.lastLoginAt)}</td>
                  <td>{u.disabled ? t('acc.disabled') : u.mustChangePassword ? t('acc.mustChange') : t('acc.active')}</td>
                  <td class="actions">
                    {u.id === self ? t('acc.self') : (
                      <>
                        <button type="button" class="issue" onClick={() => issue(u)}>{t('acc.issue')}</button>
                        <button type="button" class="secondary edit-role" onClick={() => setEditing(u)}>{t('acc.changeRole')}</button>
                        <button type="button" class={u.disabled ? 'enable' : 'disable secondary'} onClick={() => toggle(u)}>
                          {u.disabled ? t('acc.enable') : t('acc.disable')}
                        </button>
                      </>
                    )}
                  </td>
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

export function Accounts() {
  const [issued, setIssued] = useState<Issued | null>(null);
  const [made, setMade] = useState(0);
  const show = (i: Issued) => {
    setIssued(i);
    setMade((n) => n + 1); // the list shows the new accounts
  };
  return (
    <section class="accounts">
      <h2>{t('acc.title')}</h2>
      {issued && <IssuedList issued={issued} onClose={() => setIssued(null)} />}
      <NewAccounts onIssued={show} />
      <OneAccount onIssued={show} />
      <UserList key={made} onIssued={show} />
    </section>
  );
}
