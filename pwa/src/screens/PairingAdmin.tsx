import { useEffect, useState } from 'preact/hooks';
import { gql, graphql } from '../api';
import type * as G from '../gql';
import { t } from '../i18n';
import { useKindergartenSearch } from '../admin-parts';
import '../texts-admin';
import { PairingFileButtons, RegionFilesButton } from '../pairing-file';
import { Pager } from '../admin-parts';
import { semesterOf, today, uuid } from '../util';

// Pairings as an admin (all) or a bureau (its region) sets them up: create one — the
// supporting kindergarten, its partners, the agreement, the period, goals, targets and
// per-semester overrides — then activate it, or end it. The supporting kindergarten's
// admin fills in the plan (phases, leading group) on their own screen.

const ListDoc = graphql<G.AdminPairingsQuery, G.AdminPairingsQueryVariables>`query AdminPairings($q: String, $st: [PairingStatus!], $after: String) {
  pairings(first: 20, after: $after, filter: { nameContains: $q, statuses: $st }) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name status agreementDate start end goals version
      supportingKindergarten { id name } partnerKindergartens { id name }
      leadingGroup { name role duty kindergarten { id } } phases { name start end goals }
      targets { teachingHours specialLectures monthlyVisits excellentLessonRate passRate }
      targetOverrides { semester targets { teachingHours specialLectures monthlyVisits excellentLessonRate passRate } } } } } }`;


const CreateDoc = graphql<G.AdminCreatePairingMutation, G.AdminCreatePairingMutationVariables>`mutation AdminCreatePairing($in: PairingInput!) {
  createPairing(input: $in) { id status } }`;

const UpdateDoc = graphql<G.AdminUpdatePairingMutation, G.AdminUpdatePairingMutationVariables>`mutation AdminUpdatePairing($id: ID!, $in: PairingInput!) {
  updatePairing(id: $id, input: $in) { id status } }`;

type Pairing = G.AdminPairingsQuery['pairings']['edges'][number]['node'];
type Kg = { id: string; name: string };
type Targets = Pairing['targets'];

/** The semesters a period touches, e.g. 2026-2027-1 and 2026-2027-2. */
export function semestersBetween(start: string, end: string): string[] {
  const out: string[] = [];
  let s = semesterOf(start);
  const last = semesterOf(end);
  for (let i = 0; i < 20; i++) {
    out.push(s);
    if (s === last) break;
    const [a, b, term] = s.split('-').map(Number);
    s = term === 1 ? `${a}-${b}-2` : `${a + 1}-${b + 1}-1`;
  }
  return out;
}

/** The input that stores a pairing as it is, with changes. */
function inputOf(p: Pairing, change: Partial<G.PairingInput> = {}): G.PairingInput {
  const targets = (x: Targets): G.TargetsInput => ({ teachingHours: x.teachingHours, specialLectures: x.specialLectures,
    monthlyVisits: x.monthlyVisits, excellentLessonRate: x.excellentLessonRate, passRate: x.passRate });
  return {
    name: p.name, supportingKindergartenId: p.supportingKindergarten.id, partnerKindergartenIds: p.partnerKindergartens.map((k) => k.id),
    agreementDate: p.agreementDate ?? null, start: p.start, end: p.end, status: p.status, goals: p.goals ?? null,
    leadingGroup: p.leadingGroup.map((m) => ({ name: m.name, role: m.role, duty: m.duty ?? null, kindergartenId: m.kindergarten?.id ?? null })),
    phases: p.phases.map((x) => ({ name: x.name, start: x.start, end: x.end, goals: x.goals ?? null })),
    targets: targets(p.targets), targetOverrides: p.targetOverrides.map((o) => ({ semester: o.semester, targets: targets(o.targets) })),
    ...change,
  };
}

/** Picks a kindergarten by a part of its name. */
function KgPicker({ name, label, onPick, exclude = [] }: { name: string; label: string; onPick: (k: Kg) => void; exclude?: string[] }) {
  const [q, setQ] = useState('');
  const list = useKindergartenSearch(q);
  return (
    <div class="row">
      <label>
        {t('pa.find')}
        <input name={`${name}Search`} value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {label}
        <select name={name} value="" onChange={(e) => {
          const k = list.find((x) => x.id === (e.target as HTMLSelectElement).value);
          if (k) onPick(k);
        }}>
          <option value="">{t('acc.chooseKg')}</option>
          {list.filter((k) => !exclude.includes(k.id)).map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
        </select>
      </label>
    </div>
  );
}

interface Override { semester: string; hours: string; lectures: string }

function PairingForm({ editing, onSaved, onCancel }: { editing: Pairing | null; onSaved: () => void; onCancel: () => void }) {
  const year = semesterOf(today()).slice(0, 9).split('-').map(Number);
  const [name, setName] = useState(editing?.name ?? '');
  const [supporting, setSupporting] = useState<Kg | null>(editing?.supportingKindergarten ?? null);
  const [partners, setPartners] = useState<Kg[]>(editing?.partnerKindergartens ?? []);
  const [agreement, setAgreement] = useState(editing?.agreementDate ?? today());
  const [start, setStart] = useState(editing?.start ?? `${year[0]}-09-01`);
  const [end, setEnd] = useState(editing?.end ?? `${year[1]}-07-15`);
  const [goals, setGoals] = useState(editing?.goals ?? '');
  const tg = editing?.targets;
  const [hours, setHours] = useState(String(tg?.teachingHours ?? 10));
  const [lectures, setLectures] = useState(String(tg?.specialLectures ?? 2));
  const [visits, setVisits] = useState(tg?.monthlyVisits ?? true);
  const [excellent, setExcellent] = useState(String(Math.round((tg?.excellentLessonRate ?? 0.3) * 100)));
  const [pass, setPass] = useState(String(Math.round((tg?.passRate ?? 1) * 100)));
  const [overrides, setOverrides] = useState<Override[]>((editing?.targetOverrides ?? []).map((o) => ({
    semester: o.semester, hours: String(o.targets.teachingHours), lectures: String(o.targets.specialLectures) })));
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  const semesters = start && end && start <= end ? semestersBetween(start, end) : [semesterOf(today())];
  const val = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);
  async function save(e: Event) {
    e.preventDefault();
    if (!supporting) return setErr(t('pa.needSupporting'));
    if (partners.length === 0) return setErr(t('pa.needPartner'));
    setBusy(true);
    setErr('');
    const targets: G.TargetsInput = { teachingHours: Number(hours), specialLectures: Number(lectures), monthlyVisits: visits,
      excellentLessonRate: Number(excellent) / 100, passRate: Number(pass) / 100 };
    const change: Partial<G.PairingInput> = { name, supportingKindergartenId: supporting.id, partnerKindergartenIds: partners.map((k) => k.id),
      agreementDate: agreement || null, start, end, goals: goals || null, targets,
      targetOverrides: overrides.map((o) => ({ semester: o.semester, targets: { ...targets, teachingHours: Number(o.hours), specialLectures: Number(o.lectures) } })) };
    try {
      if (editing) await gql(UpdateDoc, { id: editing.id, in: inputOf(editing, change) });
      else await gql(CreateDoc, { in: { id: uuid(), status: 'DRAFT', ...change } as G.PairingInput });
      onSaved();
    } catch (x) {
      setErr((x as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card pairing-form" onSubmit={save}>
      <h3>{editing ? t('pa.edit') : t('pa.new')}</h3>
      <label>{t('pa.name')}<input name="name" value={name} onInput={val(setName)} required maxLength={100} /></label>
      {editing ? <p>{t('pa.supporting')}：{supporting?.name}</p> : (
        <>
          {supporting && <p class="picked supporting">{t('pa.supporting')}：{supporting.name}</p>}
          <KgPicker name="supporting" label={t('pa.supporting')} onPick={setSupporting} exclude={partners.map((k) => k.id)} />
        </>
      )}
      <p>{t('pa.partners')}：</p>
      <ul class="plain chips">
        {partners.map((k) => (
          <li key={k.id} class="partner" data-id={k.id}>
            {k.name}
            <button type="button" class="secondary" onClick={() => setPartners(partners.filter((x) => x.id !== k.id))}>{t('pa.remove')}</button>
          </li>
        ))}
      </ul>
      <KgPicker name="partner" label={t('pa.addPartner')} onPick={(k) => setPartners([...partners, k])}
        exclude={[...partners.map((k) => k.id), supporting?.id ?? '']} />
      <div class="row">
        <label>{t('pa.agreement')}<input name="agreementDate" type="date" value={agreement} onInput={val(setAgreement)} /></label>
        <label>{t('pa.start')}<input name="start" type="date" value={start} onInput={val(setStart)} required /></label>
        <label>{t('pa.end')}<input name="end" type="date" value={end} onInput={val(setEnd)} required /></label>
      </div>
      <label>{t('pa.goals')}<textarea name="goals" value={goals} onInput={val(setGoals)} maxLength={2000} /></label>
      <fieldset>
        <legend>{t('pa.targets')}</legend>
        <div class="row">
          <label>{t('pa.hours')}<input name="teachingHours" type="number" min="0" step="0.5" value={hours} onInput={val(setHours)} /></label>
          <label>{t('pa.lectures')}<input name="specialLectures" type="number" min="0" step="1" value={lectures} onInput={val(setLectures)} /></label>
          <label>{t('pa.excellent')}<input name="excellentLessonRate" type="number" min="0" max="100" value={excellent} onInput={val(setExcellent)} /></label>
          <label>{t('pa.pass')}<input name="passRate" type="number" min="0" max="100" value={pass} onInput={val(setPass)} /></label>
        </div>
        <label class="check">
          <input type="checkbox" name="monthlyVisits" checked={visits} onChange={(e) => setVisits((e.target as HTMLInputElement).checked)} />
          {t('pa.visits')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('pa.overrides')}</legend>
        {overrides.map((o, i) => (
          <div class="row override" key={i}>
            <label>{t('dash.semester')}
              <select name="overrideSemester" value={o.semester} onChange={(e) => setOverrides(overrides.map((x, j) => j === i ? { ...x, semester: (e.target as HTMLSelectElement).value } : x))}>
                {[...new Set([...semesters, o.semester])].map((s) => <option key={s} value={s}>{s}</option>)}
              </select>
            </label>
            <label>{t('pa.hours')}<input name="overrideHours" type="number" min="0" step="0.5" value={o.hours}
              onInput={(e) => setOverrides(overrides.map((x, j) => j === i ? { ...x, hours: (e.target as HTMLInputElement).value } : x))} /></label>
            <label>{t('pa.lectures')}<input name="overrideLectures" type="number" min="0" value={o.lectures}
              onInput={(e) => setOverrides(overrides.map((x, j) => j === i ? { ...x, lectures: (e.target as HTMLInputElement).value } : x))} /></label>
            <button type="button" class="secondary" onClick={() => setOverrides(overrides.filter((_, j) => j !== i))}>{t('pa.remove')}</button>
          </div>
        ))}
        <button type="button" class="secondary add-override" onClick={() => setOverrides([...overrides, { semester: semesterOf(today()), hours, lectures }])}>
          {t('pa.addOverride')}
        </button>
      </fieldset>
      {err && <p class="error" role="alert">{err}</p>}
      <div class="actions">
        <button type="submit" class="save-pairing" disabled={busy}>{t('pa.save')}</button>
        <button type="button" class="secondary" onClick={onCancel}>{t('pa.cancel')}</button>
      </div>
    </form>
  );
}

export function PairingAdmin() {
  const [q, setQ] = useState('');
  const [statuses, setStatuses] = useState<G.PairingStatus[]>([]);
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [data, setData] = useState<G.AdminPairingsQuery['pairings'] | null>(null);
  const [fileOf, setFileOf] = useState('');
  const [form, setForm] = useState<'new' | Pairing | null>(null);
  const [v, setV] = useState(0);
  const [err, setErr] = useState('');
  const after = pages[pages.length - 1];
  useEffect(() => {
    const timer = setTimeout(() => gql(ListDoc, { q: q || null, st: statuses.length ? statuses : null, after })
      .then((d) => setData(d.pairings)).catch((e) => setErr((e as Error).message)), 250);
    return () => clearTimeout(timer);
  }, [q, statuses.join(','), after, v]);
  const setStatus = async (p: Pairing, status: G.PairingStatus) => {
    setErr('');
    if (status === 'ENDED' && !window.confirm(t('pa.endConfirm').replace('{name}', p.name))) return;
    try {
      await gql(UpdateDoc, { id: p.id, in: inputOf(p, { status }) });
      setV(v + 1);
    } catch (x) {
      setErr((x as Error).message);
    }
  };
  return (
    <section class="pairing-admin">
      <h2>{t('pa.title')}</h2>
      {form ? (
        <PairingForm editing={form === 'new' ? null : form} onCancel={() => setForm(null)} onSaved={() => {
          setForm(null);
          setV(v + 1);
        }} />
      ) : (
        <button type="button" class="new-pairing" onClick={() => setForm('new')}>{t('pa.new')}</button>
      )}
      <RegionFilesButton />
      <div class="card filters">
        <label>{t('people.search')}<input name="pairingSearch" value={q} onInput={(e) => {
          setQ((e.target as HTMLInputElement).value);
          setPages([null]);
        }} /></label>
        <fieldset>
          <legend>{t('comp.status')}</legend>
          {(['DRAFT', 'ACTIVE', 'ENDED'] as G.PairingStatus[]).map((s) => (
            <label key={s} class="check">
              <input type="checkbox" name="pairingStatus" value={s} checked={statuses.includes(s)} onChange={(e) => {
                setStatuses((e.target as HTMLInputElement).checked ? [...statuses, s] : statuses.filter((x) => x !== s));
                setPages([null]);
              }} />
              {t(`pa.status.${s}`)}
            </label>
          ))}
        </fieldset>
      </div>
      {err && <p class="error" role="alert">{err}</p>}
      {data && (
        <div class="scroll">
          <table class="wide-table pairings-table" data-total={data.totalCount}>
            <thead><tr><th>{t('pa.name')}</th><th>{t('pa.supporting')}</th><th>{t('pa.partners')}</th><th>{t('pa.period')}</th>
              <th>{t('pa.hours')}</th><th>{t('comp.status')}</th><th>{t('acc.actions')}</th></tr></thead>
            <tbody>
              {data.edges.map(({ node: p }) => [
                <tr key={p.id} data-id={p.id} data-status={p.status} data-name={p.name}>
                  <td>{p.name}</td><td>{p.supportingKindergarten.name}</td><td>{p.partnerKindergartens.map((k) => k.name).join('、')}</td>
                  <td>{p.start} – {p.end}</td><td>{p.targets.teachingHours}</td><td>{t(`pa.status.${p.status}`)}</td>
                  <td class="actions">
                    <button type="button" class="secondary edit-pairing" onClick={() => setForm(p)}>{t('pa.editShort')}</button>
                    {p.status === 'DRAFT' && <button type="button" class="activate" onClick={() => setStatus(p, 'ACTIVE')}>{t('pa.activate')}</button>}
                    {p.status === 'ACTIVE' && <button type="button" class="secondary end" onClick={() => setStatus(p, 'ENDED')}>{t('pa.end.action')}</button>}
                    {p.status !== 'DRAFT' && (
                      <button type="button" class="secondary open-file" aria-expanded={fileOf === p.id} onClick={() => setFileOf(fileOf === p.id ? '' : p.id)}>{t('pa.file')}</button>
                    )}
                  </td>
                </tr>,
                fileOf === p.id && <tr key={`${p.id}-file`}><td colSpan={7}><PairingFileButtons pairingId={p.id} name={p.name} /></td></tr>,
              ])}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} setPages={setPages} info={data?.pageInfo} />
    </section>
  );
}
