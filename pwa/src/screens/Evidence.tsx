import { useEffect, useState } from 'preact/hooks';
import { gql, graphql } from '../api';
import type * as G from '../gql';
import { t } from '../i18n';
import '../texts-admin';
import { Pager, useKindergartenSearch } from '../admin-parts';
import { shownValue } from '../util';
import { recentSemesters } from '../util';
import { takeEvidenceTarget, type EvidenceTarget } from '../evidence-link';

// The records behind a bureau's numbers, over its region, in three tabs: teaching
// sessions (filtered by county, kindergarten, pairing, semester, month, type and
// confirmation state, each opening to its whole detail — teachers, hours, topic,
// confirmation, rating, queries, corrections, and its photos at full size, flags
// included), training events with their attendance, and the photos themselves.

const OptionsDoc = graphql<G.EvidenceOptionsQuery, G.EvidenceOptionsQueryVariables>`query EvidenceOptions {
  regions { code name level }
  pairings(first: 100) { edges { node { id name } } } }`;

type Options = { counties: { code: string; name: string }[]; pairings: { id: string; name: string }[] };

/** The counties and pairings the filters offer, asked once for the three tabs. */
function useOptions(onError: (e: Error) => void): Options {
  const [o, setO] = useState<Options>({ counties: [], pairings: [] });
  useEffect(() => {
    gql(OptionsDoc, {}).then((d) => setO({ counties: d.regions.filter((r) => r.level === 'COUNTY'),
      pairings: d.pairings.edges.map((e) => e.node) })).catch(onError);
  }, []);
  return o;
}

/** A kindergarten filter: type part of a name, pick from the matches. */
function KindergartenPick({ name, value, onChange }: { name: string; value: string; onChange: (e: Event) => void }) {
  const [q, setQ] = useState('');
  const kgs = useKindergartenSearch(q);
  return (
    <>
      <label>{t('pa.find')}<input name={`${name}Search`} value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} /></label>
      <label>{t('acc.kindergarten')}
        <select name={name} value={value} onChange={onChange}>
          <option value="">{t('ev.any')}</option>
          {kgs.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
          {value && !kgs.some((k) => k.id === value) && <option value={value}>{t('ev.chosen')}</option>}
        </select>
      </label>
    </>
  );
}

function Choice({ name, label, value, onChange, options }: {
  name: string; label: string; value: string; onChange: (e: Event) => void; options: { value: string; label: string }[];
}) {
  return (
    <label>{label}
      <select name={name} value={value} onChange={onChange}>
        <option value="">{t('ev.any')}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        {value && !options.some((o) => o.value === value) && <option value={value}>{t('ev.chosen')}</option>}
      </select>
    </label>
  );
}

/** The semesters offered: the recent ones and the one chosen. */
function semesterOptions(chosen: string) {
  return [...new Set([...recentSemesters(), ...(chosen ? [chosen] : [])])].map((s) => ({ value: s, label: s }));
}

/** A filter's change handler: it sets the value and goes back to the first page. */
function changing(setPages: (p: (string | null)[]) => void) {
  return (set: (v: string) => void) => (e: Event) => {
    set((e.target as HTMLSelectElement).value);
    setPages([null]);
  };
}

/** The month a from–to filter covers, when it covers exactly one. */
function monthOf(from?: string | null, to?: string | null): string {
  if (!from || !to || !from.endsWith('-01')) return '';
  return monthBounds(from.slice(0, 7)).to === to ? from.slice(0, 7) : '';
}

const ListDoc = graphql<G.EvidenceSessionsQuery, G.EvidenceSessionsQueryVariables>`query EvidenceSessions($f: TeachingSessionFilter, $after: String) {
  teachingSessions(first: 20, after: $after, filter: $f, orderBy: { field: DATE, direction: DESC }) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id date hours type topic status direction pairing { name } partnerKindergarten { name } photos { count } } } } }`;

const DetailDoc = graphql<G.EvidenceDetailQuery, G.EvidenceDetailQueryVariables>`query EvidenceDetail($id: ID!) {
  teachingSession(id: $id) { id date semester hours type domains topic attendees notes direction loggedBySide
    pairing { name } supportingKindergarten { name } partnerKindergarten { name } hostKindergarten { name }
    teachers { name } loggedBy { displayName } createdAt capturedAt
    status confirmedAt confirmedBy { displayName } rating feedback queryReason queriedAt
    corrections { at reason by { displayName } changes { field before after } }
    photos { count items { id url thumbnailUrl takenAt caption flags { kind days exact otherDate } } } } }`;

type Row = G.EvidenceSessionsQuery['teachingSessions']['edges'][number]['node'];
type Detail = NonNullable<G.EvidenceDetailQuery['teachingSession']>;

const types = ['DEMONSTRATION_CLASS', 'SPECIAL_LECTURE', 'OBSERVATION_CRITIQUE', 'ENVIRONMENT_GUIDANCE', 'MANAGEMENT_GUIDANCE',
  'HEALTH_CARE_GUIDANCE', 'JOINT_TEACHING_RESEARCH', 'MONTHLY_VISIT', 'FOLLOW_UP_STUDY', 'JOB_SWAP'];

function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** What a photo says is wrong with it, in words. */
function flagText(f: { kind: string; days?: number | null; exact?: boolean | null; otherDate?: string | null }) {
  return f.kind === 'CAPTURE_DATE_FAR'
    ? t((f.days ?? 0) >= 0 ? 'flag.before' : 'flag.after').replace('{n}', String(Math.abs(f.days ?? 0)))
    : t(f.exact ? 'flag.reusedExact' : 'flag.reusedNear').replace('{what}', f.otherDate ?? t('flag.hidden'));
}

function SessionDetail({ id }: { id: string }) {
  const [d, setD] = useState<Detail | null>(null);
  const [err, setErr] = useState('');
  useEffect(() => {
    gql(DetailDoc, { id }).then((x) => setD(x.teachingSession ?? null)).catch((e) => setErr((e as Error).message));
  }, [id]);
  if (err) return <p class="error" role="alert">{err}</p>;
  if (!d) return <p role="status">…</p>;
  const when = (s?: string | null) => (s ? new Date(s).toLocaleString() : '');
  return (
    <div class="session-detail" data-id={d.id}>
      <dl class="facts">
        <dt>{t('ev.pairing')}</dt><dd>{d.pairing.name}</dd>
        <dt>{t('ev.sides')}</dt><dd>{d.supportingKindergarten.name} → {d.partnerKindergarten.name}（{t(`dir.${d.direction}`)}）</dd>
        <dt>{t('comp.teachers')}</dt><dd>{d.teachers.map((x) => x.name).join('、') || '—'}</dd>
        <dt>{t('home.hours')}</dt><dd>{shownValue(d.hours)}</dd>
        <dt>{t('ev.domains')}</dt><dd>{d.domains.map((x) => t(`domain.${x}`)).join('、') || '—'}</dd>
        <dt>{t('ev.attendees')}</dt><dd>{d.attendees}</dd>
        <dt>{t('ev.notes')}</dt><dd>{d.notes ?? '—'}</dd>
        <dt>{t('ev.logged')}</dt><dd>{d.loggedBy?.displayName ?? ''} · {when(d.createdAt)}{d.capturedAt ? `（${t('ev.captured')} ${when(d.capturedAt)}）` : ''}</dd>
        <dt>{t('comp.state')}</dt>
        <dd class={`confirmation ${d.status}`}>
          {t(`confirmation.${d.status}`)}
          {d.confirmedBy ? ` · ${d.confirmedBy.displayName} ${when(d.confirmedAt)}` : ''}
          {d.rating ? ` · ${'★'.repeat(d.rating)}` : ''}
          {d.feedback ? ` · ${d.feedback}` : ''}
          {d.queryReason ? ` · ${t('ev.queried')}：${d.queryReason}` : ''}
        </dd>
      </dl>
      {d.corrections.length > 0 && (
        <>
          <h4>{t('ev.corrections')}</h4>
          <ul class="corrections">
            {d.corrections.map((c, i) => (
              <li key={i}>{when(c.at)} {c.by?.displayName ?? ''}：{c.reason}（{c.changes.map((x) => `${x.field} ${x.before} → ${x.after}`).join('；')}）</li>
            ))}
          </ul>
        </>
      )}
      <h4>{t('dash.photos')}（{d.photos.count}）</h4>
      <ul class="photos plain">
        {d.photos.items.filter((p) => p.url && p.thumbnailUrl).map((p) => (
          <li key={p.id} data-photo={p.id}>
            <a href={p.url!} target="_blank" rel="noopener noreferrer">
              <img src={p.thumbnailUrl!} width={160} height={120} loading="lazy" alt={`${t('dash.photoOf')}${d.date} ${p.caption ?? ''}`.trim()} />
            </a>
            {p.takenAt && <span class="muted">{t('ev.taken')} {when(p.takenAt)}</span>}
            {p.flags.map((f) => <span key={f.kind} class="flag">{flagText(f)}</span>)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Sessions({ start }: { start: G.TeachingSessionFilter }) {
  const [err, setErr] = useState('');
  const opts = useOptions((e) => setErr(e.message));
  const [county, setCounty] = useState(start.regionCode ?? '');
  const [kg, setKg] = useState(start.kindergartenId ?? '');
  const [pairing, setPairing] = useState(start.pairingIds?.[0] ?? '');
  const [semester, setSemester] = useState(start.semesters?.[0] ?? '');
  const [month, setMonth] = useState(monthOf(start.from, start.to));
  const [type, setType] = useState(start.types?.[0] ?? '');
  const [status, setStatus] = useState(start.statuses?.[0] ?? '');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [data, setData] = useState<G.EvidenceSessionsQuery['teachingSessions'] | null>(null);
  const [open, setOpen] = useState('');
  const after = pages[pages.length - 1];
  const key = [county, kg, pairing, semester, month, type, status].join('|');
  useEffect(() => {
    const f: G.TeachingSessionFilter = { ...(start.directions ? { directions: start.directions } : {}),
      ...(start.confirmed != null ? { confirmed: start.confirmed } : {}),
      ...(start.teacherId ? { teacherId: start.teacherId } : {}),
      ...(!month && (start.from || start.to) ? { from: start.from, to: start.to } : {}) };
    if (county) f.regionCode = county;
    if (kg) f.kindergartenId = kg;
    if (pairing) f.pairingIds = [pairing];
    if (semester) f.semesters = [semester];
    if (month) Object.assign(f, monthBounds(month));
    if (type) f.types = [type as G.SessionType];
    if (status) f.statuses = [status as G.ConfirmationStatus];
    gql(ListDoc, { f, after }).then((d) => setData(d.teachingSessions)).catch((e) => setErr((e as Error).message));
  }, [key, after]);
  const change = changing(setPages);
  return (
    <>
      <h2>{t('ev.title')}{data ? `（${data.totalCount}）` : ''}</h2>
      <div class="card filters">
        <Choice name="county" label={t('dash.county')} value={county} onChange={change(setCounty)}
          options={opts.counties.map((r) => ({ value: r.code, label: r.name }))} />
        <KindergartenPick name="kindergarten" value={kg} onChange={change(setKg)} />
        <Choice name="pairing" label={t('ev.pairing')} value={pairing} onChange={change(setPairing)}
          options={opts.pairings.map((p) => ({ value: p.id, label: p.name }))} />
        <Choice name="semester" label={t('dash.semester')} value={semester} onChange={change(setSemester)} options={semesterOptions(semester)} />
        <label>{t('ev.month')}<input name="month" type="month" value={month} onInput={change(setMonth)} /></label>
        <Choice name="type" label={t('comp.type')} value={type} onChange={change(setType)}
          options={types.map((x) => ({ value: x, label: t(`type.${x}`) }))} />
        <Choice name="status" label={t('comp.state')} value={status} onChange={change(setStatus)}
          options={['PENDING', 'CONFIRMED', 'QUERIED'].map((x) => ({ value: x, label: t(`confirmation.${x}`) }))} />
      </div>
      {err && <p class="error" role="alert">{err}</p>}
      {data && data.edges.length === 0 && <p class="card">{t('ev.none')}</p>}
      {data && data.edges.length > 0 && (
        <div class="scroll">
          <table class="wide-table evidence-table" data-total={data.totalCount}>
            <thead><tr><th>{t('comp.date')}</th><th>{t('dash.partner')}</th><th>{t('comp.type')}</th><th>{t('home.hours')}</th>
              <th>{t('comp.topic')}</th><th>{t('comp.state')}</th><th>{t('dash.photos')}</th><th /></tr></thead>
            <tbody>
              {data.edges.map(({ node: s }: { node: Row }) => [
                <tr key={s.id} data-session={s.id}>
                  <td>{s.date}</td><td>{s.partnerKindergarten.name}</td><td>{t(`type.${s.type}`)}</td><td>{shownValue(s.hours)}</td>
                  <td>{s.topic ?? ''}</td><td>{t(`confirmation.${s.status}`)}</td><td>{s.photos.count}</td>
                  <td><button type="button" class="secondary open-detail" aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? '' : s.id)}>
                    {open === s.id ? t('comp.close') : t('ev.detail')}</button></td>
                </tr>,
                open === s.id && <tr key={`${s.id}-detail`}><td colSpan={8}><SessionDetail id={s.id} /></td></tr>,
              ])}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} setPages={setPages} info={data?.pageInfo} />
    </>
  );
}

const EventsDoc = graphql<G.EvidenceEventsQuery, G.EvidenceEventsQueryVariables>`query EvidenceEvents($f: TrainingEventFilter, $after: String) {
  trainingEvents(first: 20, after: $after, filter: $f, orderBy: { field: DATE, direction: DESC }) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id date title type hours place description attendeeCount
      organizerKindergarten { name } organizerRegion { name }
      attendance { hours teacher { name } kindergarten { name } }
      photos { count items { id url thumbnailUrl takenAt flags { kind } } } } } } }`;

type EventRow = G.EvidenceEventsQuery['trainingEvents']['edges'][number]['node'];
const ttypes = ['TRAINING', 'SPECIAL_LECTURE', 'SCHOOL_BASED_RESEARCH', 'OPEN_DAY', 'COMPETITION'];

/** Training events of the region, with who attended and their photos. */
function Events({ start }: { start: G.TrainingEventFilter }) {
  const [err, setErr] = useState('');
  const opts = useOptions((e) => setErr(e.message));
  const [county, setCounty] = useState(start.regionCode ?? '');
  const [kg, setKg] = useState(start.kindergartenId ?? '');
  const [semester, setSemester] = useState(start.semesters?.[0] ?? '');
  const [month, setMonth] = useState(monthOf(start.from, start.to));
  const [type, setType] = useState(start.types?.[0] ?? '');
  const [q, setQ] = useState('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [data, setData] = useState<G.EvidenceEventsQuery['trainingEvents'] | null>(null);
  const [open, setOpen] = useState('');
  const after = pages[pages.length - 1];
  useEffect(() => {
    const f: G.TrainingEventFilter = !month && (start.from || start.to) ? { from: start.from, to: start.to } : {};
    if (county) f.regionCode = county;
    if (kg) f.kindergartenId = kg;
    if (semester) f.semesters = [semester];
    if (month) Object.assign(f, monthBounds(month));
    if (type) f.types = [type as G.TrainingType];
    if (q.trim()) f.titleContains = q.trim();
    const timer = setTimeout(() => gql(EventsDoc, { f, after }).then((d) => setData(d.trainingEvents)).catch((e) => setErr((e as Error).message)), 250);
    return () => clearTimeout(timer);
  }, [county, kg, semester, month, type, q, after]);
  const change = changing(setPages);
  return (
    <>
      <h2>{t('ev.tab.events')}{data ? `（${data.totalCount}）` : ''}</h2>
      <div class="card filters">
        <Choice name="eventCounty" label={t('dash.county')} value={county} onChange={change(setCounty)}
          options={opts.counties.map((r) => ({ value: r.code, label: r.name }))} />
        <KindergartenPick name="eventKindergarten" value={kg} onChange={change(setKg)} />
        <Choice name="eventSemester" label={t('dash.semester')} value={semester} onChange={change(setSemester)} options={semesterOptions(semester)} />
        <label>{t('ev.month')}<input name="eventMonth" type="month" value={month} onInput={change(setMonth)} /></label>
        <Choice name="eventType" label={t('comp.type')} value={type} onChange={change(setType)}
          options={ttypes.map((x) => ({ value: x, label: t(`ttype.${x}`) }))} />
        <label>{t('ev.titleContains')}<input name="eventTitle" value={q} onInput={change(setQ)} /></label>
      </div>
      {err && <p class="error" role="alert">{err}</p>}
      {data && data.edges.length === 0 && <p class="card">{t('ev.none')}</p>}
      {data && data.edges.length > 0 && (
        <div class="scroll">
          <table class="wide-table events-table" data-total={data.totalCount}>
            <thead><tr><th>{t('comp.date')}</th><th>{t('ev.eventTitle')}</th><th>{t('comp.type')}</th><th>{t('ev.organizer')}</th>
              <th>{t('home.hours')}</th><th>{t('ev.attendees')}</th><th>{t('dash.photos')}</th><th /></tr></thead>
            <tbody>
              {data.edges.map(({ node: x }: { node: EventRow }) => [
                <tr key={x.id} data-event={x.id}>
                  <td>{x.date}</td><td>{x.title}</td><td>{t(`ttype.${x.type}`)}</td>
                  <td>{x.organizerKindergarten?.name ?? x.organizerRegion?.name ?? ''}</td><td>{shownValue(x.hours)}</td>
                  <td>{x.attendeeCount}</td><td>{x.photos.count}</td>
                  <td><button type="button" class="secondary open-event" aria-expanded={open === x.id} onClick={() => setOpen(open === x.id ? '' : x.id)}>
                    {open === x.id ? t('comp.close') : t('ev.detail')}</button></td>
                </tr>,
                open === x.id && (
                  <tr key={`${x.id}-detail`}><td colSpan={8}>
                    <div class="event-detail" data-id={x.id}>
                      {x.place && <p>{t('ev.place')}：{x.place}</p>}
                      {x.description && <p>{x.description}</p>}
                      <h4>{t('ev.attendance')}（{x.attendance.length}）</h4>
                      <p>{x.attendance.map((a) => `${a.teacher?.name ?? ''}（${a.kindergarten?.name ?? ''}，${shownValue(a.hours)}）`).join('、') || '—'}</p>
                      <ul class="photos plain">
                        {x.photos.items.filter((p) => p.url && p.thumbnailUrl).map((p) => (
                          <li key={p.id}>
                            <a href={p.url!} target="_blank" rel="noopener noreferrer">
                              <img src={p.thumbnailUrl!} width={160} height={120} loading="lazy" alt={`${t('dash.photoOf')}${x.date} ${x.title}`} />
                            </a>
                            {p.flags.length > 0 && <span class="flag">{t('flag.badge')}</span>}
                          </li>
                        ))}
                      </ul>
                    </div>
                  </td></tr>
                ),
              ])}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} setPages={setPages} info={data?.pageInfo} />
    </>
  );
}

const PhotosDoc = graphql<G.EvidencePhotosQuery, G.EvidencePhotosQueryVariables>`query EvidencePhotos($f: PhotoFilter, $after: String) {
  photos(first: 24, after: $after, filter: $f) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id url thumbnailUrl takenAt caption subjectKind subjectDate flags { kind days exact otherDate }
      teachingSession { id type partnerKindergarten { name } supportingKindergarten { name } }
      trainingEvent { id title } } } } }`;

type PhotoRow = G.EvidencePhotosQuery['photos']['edges'][number]['node'];

/** The region's photos themselves, newest records first, each with what it is evidence of. */
function Photos({ start }: { start: G.PhotoFilter }) {
  const [err, setErr] = useState('');
  const opts = useOptions((e) => setErr(e.message));
  const [county, setCounty] = useState(start.regionCode ?? '');
  const [kg, setKg] = useState(start.kindergartenId ?? '');
  const [pairing, setPairing] = useState(start.pairingIds?.[0] ?? '');
  const [semester, setSemester] = useState(start.semesters?.[0] ?? '');
  const [month, setMonth] = useState(monthOf(start.from, start.to));
  const [kind, setKind] = useState(start.subjectKinds?.[0] ?? '');
  const [flagged, setFlagged] = useState(!!start.flaggedOnly);
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [data, setData] = useState<G.EvidencePhotosQuery['photos'] | null>(null);
  const [open, setOpen] = useState('');
  const after = pages[pages.length - 1];
  useEffect(() => {
    const f: G.PhotoFilter = !month && (start.from || start.to) ? { from: start.from, to: start.to } : {};
    if (county) f.regionCode = county;
    if (kg) f.kindergartenId = kg;
    if (pairing) f.pairingIds = [pairing];
    if (semester) f.semesters = [semester];
    if (month) Object.assign(f, monthBounds(month));
    if (kind) f.subjectKinds = [kind as G.PhotoSubjectKind];
    if (flagged) f.flaggedOnly = true;
    gql(PhotosDoc, { f, after }).then((d) => setData(d.photos)).catch((e) => setErr((e as Error).message));
  }, [county, kg, pairing, semester, month, kind, flagged, after]);
  const change = changing(setPages);
  const what = (p: PhotoRow) => p.trainingEvent ? p.trainingEvent.title
    : p.teachingSession ? `${t(`type.${p.teachingSession.type}`)} · ${p.teachingSession.supportingKindergarten.name} → ${p.teachingSession.partnerKindergarten.name}`
      : t(`ev.kind.${p.subjectKind}`);
  return (
    <>
      <h2>{t('ev.tab.photos')}{data ? `（${data.totalCount}）` : ''}</h2>
      <div class="card filters">
        <Choice name="photoCounty" label={t('dash.county')} value={county} onChange={change(setCounty)}
          options={opts.counties.map((r) => ({ value: r.code, label: r.name }))} />
        <KindergartenPick name="photoKindergarten" value={kg} onChange={change(setKg)} />
        <Choice name="photoPairing" label={t('ev.pairing')} value={pairing} onChange={change(setPairing)}
          options={opts.pairings.map((p) => ({ value: p.id, label: p.name }))} />
        <Choice name="photoSemester" label={t('dash.semester')} value={semester} onChange={change(setSemester)} options={semesterOptions(semester)} />
        <label>{t('ev.month')}<input name="photoMonth" type="month" value={month} onInput={change(setMonth)} /></label>
        <Choice name="photoKind" label={t('ev.photoOf')} value={kind} onChange={change(setKind)}
          options={['TEACHING_SESSION', 'TRAINING_EVENT', 'SEMESTER_SUMMARY', 'INSPECTION', 'MENTORSHIP', 'DONATION'].map((x) => ({ value: x, label: t(`ev.kind.${x}`) }))} />
        <label class="check"><input type="checkbox" name="flaggedOnly" checked={flagged}
          onChange={(e) => { setFlagged((e.target as HTMLInputElement).checked); setPages([null]); }} />{t('ev.flaggedOnly')}</label>
      </div>
      {err && <p class="error" role="alert">{err}</p>}
      {data && data.edges.length === 0 && <p class="card">{t('ev.none')}</p>}
      {data && data.edges.length > 0 && (
        <ul class="photos photo-grid plain" data-total={data.totalCount}>
          {data.edges.map(({ node: p }: { node: PhotoRow }) => (
            <li key={p.id} data-photo={p.id} class={p.flags.length ? 'flagged-photo' : ''}>
              {p.url && p.thumbnailUrl && (
                <a href={p.url} target="_blank" rel="noopener noreferrer">
                  <img src={p.thumbnailUrl} width={160} height={120} loading="lazy" alt={`${t('dash.photoOf')}${p.subjectDate ?? ''} ${p.caption ?? what(p)}`.trim()} />
                </a>
              )}
              <span>{p.subjectDate} · {t(`ev.kind.${p.subjectKind}`)}</span>
              <span class="muted">{what(p)}</span>
              {p.takenAt && <span class="muted">{t('ev.taken')} {new Date(p.takenAt).toLocaleString()}</span>}
              {p.flags.map((f) => <span key={f.kind} class="flag">{flagText(f)}</span>)}
              {p.teachingSession && (
                <button type="button" class="secondary open-detail" aria-expanded={open === p.id} onClick={() => setOpen(open === p.id ? '' : p.id)}>
                  {open === p.id ? t('comp.close') : t('ev.record')}</button>
              )}
            </li>
          ))}
        </ul>
      )}
      {data && open && data.edges.some((e) => e.node.id === open && e.node.teachingSession) && (
        <div class="card"><SessionDetail id={data.edges.find((e) => e.node.id === open)!.node.teachingSession!.id} /></div>
      )}
      <Pager pages={pages} setPages={setPages} info={data?.pageInfo} />
    </>
  );
}

export function Evidence() {
  const [start] = useState<EvidenceTarget>(takeEvidenceTarget);
  const [tab, setTab] = useState<EvidenceTarget['tab']>(start.tab);
  const from = (k: EvidenceTarget['tab']) => (start.tab === k ? start.filter : {});
  return (
    <section class="evidence">
      <div class="tabs" role="group" aria-label={t('ev.title')}>
        {(['sessions', 'events', 'photos'] as const).map((k) => (
          <button key={k} type="button" data-tab={k} aria-pressed={tab === k} class={tab === k ? '' : 'secondary'} onClick={() => setTab(k)}>
            {t(`ev.tab.${k}`)}
          </button>
        ))}
      </div>
      {tab === 'sessions' && <Sessions start={from('sessions') as G.TeachingSessionFilter} />}
      {tab === 'events' && <Events start={from('events') as G.TrainingEventFilter} />}
      {tab === 'photos' && <Photos start={from('photos') as G.PhotoFilter} />}
    </section>
  );
}
