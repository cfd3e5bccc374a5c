import { useEffect, useState } from 'preact/hooks';
import { download, gql, graphql, token } from '../api';
import type * as G from '../gql';
import { t } from '../i18n';
import '../texts-admin';
import { today } from '../util';

// The kindergartens and teachers of the caller's scope (an admin all, a bureau its
// region's) as searchable, sortable, paged tables, and the bureau's spreadsheets imported
// in the app: the template downloaded, the file checked first with every problem listed
// by row and column, and imported once it is clean.

const KgDoc = graphql<G.PeopleKindergartensQuery, G.PeopleKindergartensQueryVariables>`query PeopleKindergartens($q: String, $order: KindergartenOrder, $after: String) {
  kindergartens(first: 20, after: $after, filter: { nameContains: $q }, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name region { name } setting level children teacherCount } } } }`;

const TeacherDoc = graphql<G.PeopleTeachersQuery, G.PeopleTeachersQueryVariables>`query PeopleTeachers($q: String, $order: TeacherOrder, $after: String) {
  teachers(first: 20, after: $after, filter: { nameContains: $q }, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name phone post backbone title leftOn kindergarten { id name } account { username } } } } }`;

const UpdateTeacherDoc = graphql<G.MarkTeacherMutation, G.MarkTeacherMutationVariables>`mutation MarkTeacher($id: ID!, $in: TeacherInput!) {
  updateTeacher(id: $id, input: $in) { id leftOn } }`;

type Kind = 'kindergartens' | 'teachers';

interface Report {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { row: number; column?: string; message: string }[];
}

/** Sends a spreadsheet to the import endpoint, checking only (dry run) or for real. */
async function sendImport(kind: Kind, file: File, dryRun: boolean): Promise<Report> {
  const res = await fetch(`/import/${kind}${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST', body: file, headers: { Authorization: `Bearer ${token()}`, 'Content-Type': 'application/octet-stream' },
  });
  const body = await res.json();
  if (body.errors && !('rows' in body)) throw new Error(body.errors[0]?.message ?? t('err.server'));
  return body as Report;
}

function Import({ kind, onDone }: { kind: Kind; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState('');
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setErr('');
    try {
      const r = await sendImport(kind, file, dryRun);
      setReport(r);
      if (!dryRun && r.errors.length === 0) onDone();
    } catch (x) {
      setErr((x as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const clean = report && report.dryRun && report.errors.length === 0;
  return (
    <div class="card import" data-kind={kind}>
      <h3>{t(`people.import.${kind}`)}</h3>
      <div class="actions">
        <button type="button" class="secondary template" onClick={() => download(`/import/templates/${kind}.xlsx`, `${t(`people.${kind}`)}-模板.xlsx`).catch((e) => setErr((e as Error).message))}>
          {t('people.template')}
        </button>
      </div>
      <label>
        {t('people.file')}
        <input type="file" name="importFile" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          onChange={(e) => {
            setFile((e.target as HTMLInputElement).files?.[0] ?? null);
            setReport(null);
          }} />
      </label>
      <div class="actions">
        <button type="button" class="check-import" disabled={!file || busy} onClick={() => run(true)}>{t('people.check')}</button>
        {clean && <button type="button" class="commit-import" disabled={busy} onClick={() => run(false)}>{t('people.commit').replace('{n}', String(report!.rows))}</button>}
      </div>
      {err && <p class="error" role="alert">{err}</p>}
      {report && (
        <div class="report" role="status" data-errors={report.errors.length} data-dry={String(report.dryRun)}>
          {report.errors.length > 0 ? (
            <>
              <p class="error">{t('people.problems').replace('{n}', String(report.errors.length)).replace('{rows}', String(report.rows))}</p>
              <table class="wide-table problems">
                <thead><tr><th>{t('people.row')}</th><th>{t('people.column')}</th><th>{t('people.problem')}</th></tr></thead>
                <tbody>
                  {report.errors.map((x, i) => <tr key={i} data-row={x.row}><td>{x.row}</td><td>{x.column ?? ''}</td><td>{x.message}</td></tr>)}
                </tbody>
              </table>
            </>
          ) : (
            <p class="ok">{t(report.dryRun ? 'people.clean' : 'people.done')
              .replace('{rows}', String(report.rows)).replace('{c}', String(report.created))
              .replace('{u}', String(report.updated)).replace('{s}', String(report.unchanged))}</p>
          )}
        </div>
      )}
    </div>
  );
}

function useList<T>(fetch: (q: string | null, after: string | null) => Promise<T>, deps: unknown[]) {
  const [q, setQ] = useState('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [data, setData] = useState<T | null>(null);
  const [err, setErr] = useState('');
  const after = pages[pages.length - 1];
  useEffect(() => {
    const timer = setTimeout(() => fetch(q || null, after).then(setData).catch((e) => setErr((e as Error).message)), 250);
    return () => clearTimeout(timer);
  }, [q, after, ...deps]);
  return { q, setQ: (v: string) => { setQ(v); setPages([null]); }, data, err, pages, setPages, restart: () => setPages([null]) };
}

function SortHead<F extends string>({ field, label, order, setOrder }: {
  field: F; label: string; order: { field: F; direction: 'ASC' | 'DESC' }; setOrder: (o: { field: F; direction: 'ASC' | 'DESC' }) => void;
}) {
  const on = order.field === field;
  return (
    <th aria-sort={on ? (order.direction === 'ASC' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="link sort" data-field={field}
        onClick={() => setOrder({ field, direction: on && order.direction === 'ASC' ? 'DESC' : 'ASC' })}>
        {label}{on ? (order.direction === 'ASC' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
}

function Pager({ pages, setPages, info }: { pages: (string | null)[]; setPages: (p: (string | null)[]) => void; info?: { hasNextPage: boolean; endCursor?: string | null } }) {
  return (
    <div class="actions">
      {pages.length > 1 && <button type="button" class="secondary" onClick={() => setPages(pages.slice(0, -1))}>{t('acc.prev')}</button>}
      {info?.hasNextPage && <button type="button" class="secondary next-page" onClick={() => setPages([...pages, info.endCursor ?? null])}>{t('acc.next')}</button>}
    </div>
  );
}

function Kindergartens() {
  const [order, setOrder] = useState<{ field: G.KindergartenOrderField; direction: 'ASC' | 'DESC' }>({ field: 'NAME', direction: 'ASC' });
  const [v, setV] = useState(0);
  const l = useList((q, after) => gql(KgDoc, { q, order, after }).then((d) => d.kindergartens), [order.field, order.direction, v]);
  const sorted = (o: typeof order) => {
    setOrder(o);
    l.restart();
  };
  return (
    <>
      <Import kind="kindergartens" onDone={() => setV(v + 1)} />
      <section class="card">
        <h3>{t('people.kindergartens')}{l.data ? `（${l.data.totalCount}）` : ''}</h3>
        <label>{t('people.search')}<input name="kgSearch" value={l.q} onInput={(e) => l.setQ((e.target as HTMLInputElement).value)} /></label>
        {l.err && <p class="error" role="alert">{l.err}</p>}
        {l.data && (
          <div class="scroll">
            <table class="wide-table kindergartens-table" data-total={l.data.totalCount}>
              <thead><tr>
                <SortHead field="NAME" label={t('people.name')} order={order} setOrder={sorted} />
                <SortHead field="REGION" label={t('people.region')} order={order} setOrder={sorted} />
                <th>{t('people.setting')}</th><th>{t('people.level')}</th>
                <SortHead field="CHILDREN" label={t('people.children')} order={order} setOrder={sorted} />
                <th>{t('people.teacherCount')}</th>
              </tr></thead>
              <tbody>
                {l.data.edges.map(({ node: k }) => (
                  <tr key={k.id} data-name={k.name}>
                    <td>{k.name}</td><td>{k.region?.name ?? ''}</td><td>{t(`setting.${k.setting}`)}</td><td>{t(`level.${k.level}`)}</td>
                    <td>{k.children}</td><td>{k.teacherCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager pages={l.pages} setPages={l.setPages} info={l.data?.pageInfo} />
      </section>
    </>
  );
}

function Teachers() {
  const [order, setOrder] = useState<{ field: G.TeacherOrderField; direction: 'ASC' | 'DESC' }>({ field: 'KINDERGARTEN', direction: 'ASC' });
  const [v, setV] = useState(0);
  const l = useList((q, after) => gql(TeacherDoc, { q, order, after }).then((d) => d.teachers), [order.field, order.direction, v]);
  const [err, setErr] = useState('');
  // A teacher who left is kept for the history (lessons, attendance) and no longer offered
  // when choosing who taught or attended.
  const markLeft = async (x: NonNullable<typeof l.data>['edges'][number]['node'], left: boolean) => {
    if (left && !window.confirm(t('people.leftConfirm').replace('{name}', x.name))) return;
    setErr('');
    try {
      await gql(UpdateTeacherDoc, { id: x.id, in: { name: x.name, kindergartenId: x.kindergarten?.id ?? '', post: x.post, backbone: x.backbone,
        title: x.title ?? null, phone: x.phone ?? null, leftOn: left ? today() : null } });
      setV(v + 1);
    } catch (e) {
      setErr((e as Error).message);
    }
  };
  const sorted = (o: typeof order) => {
    setOrder(o);
    l.restart();
  };
  return (
    <>
      <Import kind="teachers" onDone={() => setV(v + 1)} />
      <section class="card">
        <h3>{t('people.teachers')}{l.data ? `（${l.data.totalCount}）` : ''}</h3>
        <label>{t('people.search')}<input name="teacherSearch" value={l.q} onInput={(e) => l.setQ((e.target as HTMLInputElement).value)} /></label>
        {(l.err || err) && <p class="error" role="alert">{l.err || err}</p>}
        {l.data && (
          <div class="scroll">
            <table class="wide-table teachers-list" data-total={l.data.totalCount}>
              <thead><tr>
                <SortHead field="NAME" label={t('people.name')} order={order} setOrder={sorted} />
                <SortHead field="KINDERGARTEN" label={t('acc.kindergarten')} order={order} setOrder={sorted} />
                <th>{t('people.post')}</th><th>{t('acc.phone')}</th><th>{t('acc.account')}</th><th>{t('people.leftOn')}</th>
              </tr></thead>
              <tbody>
                {l.data.edges.map(({ node: x }) => (
                  <tr key={x.id} data-name={x.name} data-left={x.leftOn ?? ''}>
                    <td>{x.name}{x.backbone ? ` · ${t('people.backbone')}` : ''}</td><td>{x.kindergarten?.name ?? ''}</td>
                    <td>{t(`post.${x.post}`)}</td><td>{x.phone ?? ''}</td><td>{x.account?.username ?? t('acc.none')}</td>
                    <td>
                      {x.leftOn ? `${t('people.left').replace('{d}', x.leftOn)} ` : ''}
                      <button type="button" class={`secondary ${x.leftOn ? 'back' : 'mark-left'}`} onClick={() => markLeft(x, !x.leftOn)}>
                        {x.leftOn ? t('people.back') : t('people.markLeft')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager pages={l.pages} setPages={l.setPages} info={l.data?.pageInfo} />
      </section>
    </>
  );
}

export function People() {
  const [kind, setKind] = useState<Kind>('kindergartens');
  return (
    <section class="people">
      <h2>{t('people.title')}</h2>
      <div class="tabs" role="group" aria-label={t('people.title')}>
        {(['kindergartens', 'teachers'] as Kind[]).map((k) => (
          <button key={k} type="button" data-tab={k} aria-pressed={kind === k} class={kind === k ? '' : 'secondary'} onClick={() => setKind(k)}>
            {t(`people.${k}`)}
          </button>
        ))}
      </div>
      {kind === 'kindergartens' ? <Kindergartens /> : <Teachers />}
    </section>
  );
}
