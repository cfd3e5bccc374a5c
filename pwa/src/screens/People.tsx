import { useEffect, useState } from 'preact/hooks';
import { download, fileError, fileHeaders, gql, graphql } from '../api';
import type * as G from '../gql';
import { getLang, t } from '../i18n';
import '../texts-admin';
import { Pager, useKindergartenSearch } from '../admin-parts';
import { today } from '../util';

// The kindergartens and teachers of the caller's scope (an admin all, a bureau its
// region's) as searchable, sortable, paged tables, and the bureau's spreadsheets imported
// in the app: the template downloaded, the file checked first with every problem listed
// by row and column, and imported once it is clean.

const KgDoc = graphql<G.PeopleKindergartensQuery, G.PeopleKindergartensQueryVariables>`query PeopleKindergartens($q: String, $order: KindergartenOrder, $after: String) {
  kindergartens(first: 20, after: $after, filter: { nameContains: $q }, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name regionCode region { name } setting ownership level address classes children staffCount teacherCount contactName contactPhone } } } }`;


const TeacherDoc = graphql<G.PeopleTeachersQuery, G.PeopleTeachersQueryVariables>`query PeopleTeachers($q: String, $kg: ID, $order: TeacherOrder, $after: String) {
  teachers(first: 20, after: $after, filter: { nameContains: $q, kindergartenId: $kg }, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name phone post backbone title leftOn kindergarten { id name } account { username } } } } }`;

const UpdateTeacherDoc = graphql<G.MarkTeacherMutation, G.MarkTeacherMutationVariables>`mutation MarkTeacher($id: ID!, $in: TeacherInput!) {
  updateTeacher(id: $id, input: $in) { id leftOn } }`;

const KgFormRegions = graphql<G.KgFormRegionsQuery, G.KgFormRegionsQueryVariables>`query KgFormRegions { regions { code name level } }`;

const CreateKgDoc = graphql<G.CreateKgMutation, G.CreateKgMutationVariables>`mutation CreateKg($in: KindergartenInput!) { createKindergarten(input: $in) { id } }`;

const UpdateKgDoc = graphql<G.UpdateKgMutation, G.UpdateKgMutationVariables>`mutation UpdateKg($id: ID!, $in: KindergartenInput!) { updateKindergarten(id: $id, input: $in) { id } }`;

const CreateTeacherDoc = graphql<G.CreateOneTeacherMutation, G.CreateOneTeacherMutationVariables>`mutation CreateOneTeacher($in: TeacherInput!) { createTeacher(input: $in) { id } }`;

const settings: G.Setting[] = ['URBAN', 'TOWNSHIP', 'VILLAGE'];
const ownerships: G.Ownership[] = ['PUBLIC', 'PRIVATE', 'OTHER'];
const levels: G.KindergartenLevel[] = ['PROVINCIAL_DEMONSTRATION', 'MUNICIPAL_DEMONSTRATION', 'MUNICIPAL_FIRST_CLASS', 'COUNTY_FIRST_CLASS', 'COUNTY_SECOND_CLASS', 'UNRATED'];
const posts: G.Post[] = ['PRINCIPAL', 'VICE_PRINCIPAL', 'TEACHING_RESEARCH_HEAD', 'TEACHER', 'CHILDCARE_ASSISTANT', 'NURSE'];

type KgRow = G.PeopleKindergartensQuery['kindergartens']['edges'][number]['node'];

/** A kindergarten created or changed by hand, with the API's checks. */
function KgForm({ editing, onDone }: { editing: KgRow | null; onDone: (saved: boolean) => void }) {
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const [f, setF] = useState({
    name: editing?.name ?? '', regionCode: editing?.regionCode ?? '', setting: editing?.setting ?? 'VILLAGE', ownership: editing?.ownership ?? 'PUBLIC',
    level: editing?.level ?? 'UNRATED', address: editing?.address ?? '', classes: String(editing?.classes ?? ''), children: String(editing?.children ?? ''),
    staffCount: String(editing?.staffCount ?? ''), teacherCount: String(editing?.teacherCount ?? ''), contactName: editing?.contactName ?? '', contactPhone: editing?.contactPhone ?? '',
  });
  const [err, setErr] = useState('');
  useEffect(() => {
    gql(KgFormRegions, {}).then((d) => setRegions(d.regions.filter((r) => r.level === 'COUNTY' || r.level === 'TOWNSHIP'))).catch(() => {});
  }, []);
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  const num = (v: string) => (v.trim() === '' ? null : Number(v));
  async function save(e: Event) {
    e.preventDefault();
    setErr('');
    const input: G.KindergartenInput = { name: f.name, regionCode: f.regionCode, setting: f.setting as G.Setting, ownership: f.ownership as G.Ownership,
      level: f.level as G.KindergartenLevel, address: f.address || null, classes: num(f.classes), children: num(f.children), staffCount: num(f.staffCount),
      teacherCount: num(f.teacherCount), contactName: f.contactName || null, contactPhone: f.contactPhone || null };
    try {
      if (editing) await gql(UpdateKgDoc, { id: editing.id, in: input });
      else await gql(CreateKgDoc, { in: input });
      onDone(true);
    } catch (x) {
      setErr((x as Error).message);
    }
  }
  return (
    <form class="card kg-form" onSubmit={save}>
      <h3>{editing ? t('people.editKg') : t('people.newKg')}</h3>
      <div class="row">
        <label>{t('people.name')}<input name="kgName" value={f.name} onInput={set('name')} required maxLength={100} /></label>
        <label>{t('people.region')}
          <select name="kgRegion" value={f.regionCode} onChange={set('regionCode')} required>
            <option value="">{t('acc.chooseRegion')}</option>
            {regions.map((r) => <option key={r.code} value={r.code}>{r.name}（{r.code}）</option>)}
            {f.regionCode && !regions.some((r) => r.code === f.regionCode) && <option value={f.regionCode}>{f.regionCode}</option>}
          </select>
        </label>
        <label>{t('people.setting')}<select name="kgSetting" value={f.setting} onChange={set('setting')}>{settings.map((x) => <option key={x} value={x}>{t(`setting.${x}`)}</option>)}</select></label>
        <label>{t('people.ownership')}<select name="kgOwnership" value={f.ownership} onChange={set('ownership')}>{ownerships.map((x) => <option key={x} value={x}>{t(`ownership.${x}`)}</option>)}</select></label>
        <label>{t('people.level')}<select name="kgLevel" value={f.level} onChange={set('level')}>{levels.map((x) => <option key={x} value={x}>{t(`level.${x}`)}</option>)}</select></label>
      </div>
      <div class="row">
        <label>{t('people.classes')}<input name="kgClasses" type="number" min="0" value={f.classes} onInput={set('classes')} /></label>
        <label>{t('people.children')}<input name="kgChildren" type="number" min="0" value={f.children} onInput={set('children')} /></label>
        <label>{t('people.staff')}<input name="kgStaff" type="number" min="0" value={f.staffCount} onInput={set('staffCount')} /></label>
        <label>{t('people.teacherCount')}<input name="kgTeachers" type="number" min="0" value={f.teacherCount} onInput={set('teacherCount')} /></label>
      </div>
      <div class="row">
        <label>{t('people.address')}<input name="kgAddress" value={f.address} onInput={set('address')} /></label>
        <label>{t('people.contact')}<input name="kgContact" value={f.contactName} onInput={set('contactName')} /></label>
        <label>{t('people.contactPhone')}<input name="kgContactPhone" value={f.contactPhone} onInput={set('contactPhone')} /></label>
      </div>
      {err && <p class="error" role="alert">{err}</p>}
      <div class="actions">
        <button type="submit" class="save-kg">{t('pa.save')}</button>
        <button type="button" class="secondary" onClick={() => onDone(false)}>{t('pa.cancel')}</button>
      </div>
    </form>
  );
}

type TeacherRow = G.PeopleTeachersQuery['teachers']['edges'][number]['node'];

/** A teacher created or changed by hand. */
function TeacherForm({ editing, kg, onDone }: { editing: TeacherRow | null; kg?: string; onDone: (saved: boolean) => void }) {
  const [q, setQ] = useState('');
  const kgs = useKindergartenSearch(q);
  const [f, setF] = useState({ name: editing?.name ?? '', kindergartenId: editing?.kindergarten?.id ?? kg ?? '', post: editing?.post ?? 'TEACHER',
    backbone: editing?.backbone ?? false, title: editing?.title ?? '', phone: editing?.phone ?? '' });
  const [err, setErr] = useState('');
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  async function save(e: Event) {
    e.preventDefault();
    setErr('');
    const input: G.TeacherInput = { name: f.name, kindergartenId: f.kindergartenId, post: f.post as G.Post, backbone: f.backbone,
      title: f.title || null, phone: f.phone || null, leftOn: editing?.leftOn ?? null };
    try {
      if (editing) await gql(UpdateTeacherDoc, { id: editing.id, in: input });
      else await gql(CreateTeacherDoc, { in: input });
      onDone(true);
    } catch (x) {
      setErr((x as Error).message);
    }
  }
  return (
    <form class="card teacher-form" onSubmit={save}>
      <h3>{editing ? t('people.editTeacher') : t('people.newTeacher')}</h3>
      <div class="row">
        <label>{t('acc.name')}<input name="tName" value={f.name} onInput={set('name')} required maxLength={50} /></label>
        {!kg && (
          <>
            <label>{t('pa.find')}<input name="tKgSearch" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} /></label>
            <label>{t('acc.kindergarten')}
              <select name="tKindergarten" value={f.kindergartenId} onChange={set('kindergartenId')} required>
                <option value="">{t('acc.chooseKg')}</option>
                {kgs.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
                {editing?.kindergarten && !kgs.some((k) => k.id === editing.kindergarten!.id) && <option value={editing.kindergarten.id}>{editing.kindergarten.name}</option>}
              </select>
            </label>
          </>
        )}
      </div>
      <div class="row">
        <label>{t('people.post')}<select name="tPost" value={f.post} onChange={set('post')}>{posts.map((x) => <option key={x} value={x}>{t(`post.${x}`)}</option>)}</select></label>
        <label>{t('people.title2')}<input name="tTitle" value={f.title} onInput={set('title')} /></label>
        <label>{t('acc.phone')}<input name="tPhone" value={f.phone} onInput={set('phone')} inputMode="tel" /></label>
        <label class="check"><input type="checkbox" name="tBackbone" checked={f.backbone} onChange={(e) => setF({ ...f, backbone: (e.target as HTMLInputElement).checked })} />{t('people.backboneLong')}</label>
      </div>
      {err && <p class="error" role="alert">{err}</p>}
      <div class="actions">
        <button type="submit" class="save-teacher">{t('pa.save')}</button>
        <button type="button" class="secondary" onClick={() => onDone(false)}>{t('pa.cancel')}</button>
      </div>
    </form>
  );
}

type Kind = 'kindergartens' | 'teachers';

interface Report {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { row: number; column?: string; message: string }[];
  /** Problems found beyond those listed (the server lists the first 200). */
  moreErrors?: number;
}

/** Sends a spreadsheet to the import endpoint, checking only (dry run) or for real. */
async function sendImport(kind: Kind, file: File, dryRun: boolean): Promise<Report> {
  const q = new URLSearchParams({ locale: getLang() === 'en' ? 'en' : 'zh-CN' });
  if (dryRun) q.set('dryRun', 'true');
  let res: Response;
  try {
    res = await fetch(`/import/${kind}?${q}`, { method: 'POST', body: file, headers: { ...fileHeaders(), 'Content-Type': 'application/octet-stream' } });
  } catch {
    throw new Error(t('err.offline'));
  }
  // A report (even one listing bad rows, 422) has rows; anything else is a refusal.
  const body = await res.clone().json().catch(() => null);
  if (!body || !('rows' in body)) throw await fileError(res);
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
              <p class="error">{t('people.problems').replace('{n}', String(report.errors.length + (report.moreErrors ?? 0))).replace('{rows}', String(report.rows))}</p>
              <table class="wide-table problems">
                <thead><tr><th>{t('people.row')}</th><th>{t('people.column')}</th><th>{t('people.problem')}</th></tr></thead>
                <tbody>
                  {report.errors.map((x, i) => <tr key={i} data-row={x.row}><td>{x.row}</td><td>{x.column ?? ''}</td><td>{x.message}</td></tr>)}
                </tbody>
              </table>
              {(report.moreErrors ?? 0) > 0 && <p class="more-problems">{t('people.moreProblems').replace('{n}', String(report.moreErrors))}</p>}
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


function Kindergartens() {
  const [order, setOrder] = useState<{ field: G.KindergartenOrderField; direction: 'ASC' | 'DESC' }>({ field: 'NAME', direction: 'ASC' });
  const [v, setV] = useState(0);
  const [form, setForm] = useState<'new' | KgRow | null>(null);
  const l = useList((q, after) => gql(KgDoc, { q, order, after }).then((d) => d.kindergartens), [order.field, order.direction, v]);
  const sorted = (o: typeof order) => {
    setOrder(o);
    l.restart();
  };
  return (
    <>
      <Import kind="kindergartens" onDone={() => setV(v + 1)} />
      {form ? <KgForm editing={form === 'new' ? null : form} onDone={(saved) => { setForm(null); if (saved) setV(v + 1); }} />
        : <button type="button" class="new-kg" onClick={() => setForm('new')}>{t('people.newKg')}</button>}
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
                <th>{t('people.teacherCount')}</th><th />
              </tr></thead>
              <tbody>
                {l.data.edges.map(({ node: k }) => (
                  <tr key={k.id} data-name={k.name}>
                    <td>{k.name}</td><td>{k.region?.name ?? ''}</td><td>{t(`setting.${k.setting}`)}</td><td>{t(`level.${k.level}`)}</td>
                    <td>{k.children}</td><td>{k.teacherCount}</td>
                    <td><button type="button" class="secondary edit-kg" onClick={() => setForm(k)}>{t('pa.editShort')}</button></td>
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

function Teachers({ kg }: { kg?: string }) {
  const [order, setOrder] = useState<{ field: G.TeacherOrderField; direction: 'ASC' | 'DESC' }>({ field: 'KINDERGARTEN', direction: 'ASC' });
  const [v, setV] = useState(0);
  const [form, setForm] = useState<'new' | TeacherRow | null>(null);
  const l = useList((q, after) => gql(TeacherDoc, { q, kg: kg ?? null, order, after }).then((d) => d.teachers), [order.field, order.direction, v]);
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
      {form ? <TeacherForm editing={form === 'new' ? null : form} kg={kg} onDone={(saved) => { setForm(null); if (saved) setV(v + 1); }} />
        : <button type="button" class="new-teacher" onClick={() => setForm('new')}>{t('people.newTeacher')}</button>}
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
                      <button type="button" class="secondary edit-teacher" onClick={() => setForm(x)}>{t('pa.editShort')}</button>
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

/** A kindergarten admin's own teachers only (kg), or everything in the caller's scope. */
export function People({ kg }: { kg?: string }) {
  const [kind, setKind] = useState<Kind>(kg ? 'teachers' : 'kindergartens');
  if (kg) {
    return (
      <section class="people">
        <h2>{t('people.ownTeachers')}</h2>
        <Teachers kg={kg} />
      </section>
    );
  }
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
