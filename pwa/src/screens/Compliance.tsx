import { useEffect, useState } from 'preact/hooks';
import { download, gql, graphql } from '../api';
import type * as G from '../gql';
import { t } from '../i18n';
import '../texts-admin';
import { recentSemesters, shownValue } from '../util';
import { openEvidence } from '../evidence-link';

// Compliance for any semester, every row, sorted and filtered the bureau's way, exported
// for that semester; each row opens the lessons behind it with their photos.

const ComplianceDoc = graphql<G.ComplianceViewQuery, G.ComplianceViewQueryVariables>`query ComplianceView($s: String!, $order: ComplianceOrder, $desc: Boolean, $st: [ComplianceStatus!]) {
  compliance(semester: $s, orderBy: $order, desc: $desc, statuses: $st) {
    pairingId pairingName supportingKindergartenName partnerKindergartenId partnerKindergartenName hours lectures
    monthsVisited monthsRequired missedMonths sessions confirmed confirmedShare status targets { teachingHours specialLectures } } }`;

const RecordsDoc = graphql<G.ComplianceRecordsQuery, G.ComplianceRecordsQueryVariables>`query ComplianceRecords($p: ID!, $kg: ID!, $s: String!, $after: String) {
  teachingSessions(first: 50, after: $after, filter: { pairingIds: [$p], kindergartenId: $kg, semesters: [$s], directions: [OUTBOUND] },
    orderBy: { field: DATE, direction: DESC }) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id date type hours topic status rating queryReason teachers { name }
      photos { count items { id url thumbnailUrl flags { kind } } } } } } }`;

type Row = G.ComplianceViewQuery['compliance'][number];
type Session = G.ComplianceRecordsQuery['teachingSessions']['edges'][number]['node'];

function semesterLabel(s: string): string {
  const [a, b, term] = s.split('-');
  return t(term === '1' ? 'comp.term1' : 'comp.term2').replace('{a}', a).replace('{b}', b);
}

function Records({ row, semester }: { row: Row; semester: string }) {
  const [list, setList] = useState<Session[] | null>(null);
  const [more, setMore] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const [err, setErr] = useState('');
  const load = (after: string | null) => gql(RecordsDoc, { p: row.pairingId, kg: row.partnerKindergartenId, s: semester, after })
    .then((d) => {
      setList((l) => [...(after ? l ?? [] : []), ...d.teachingSessions.edges.map((e) => e.node)]);
      setTotal(d.teachingSessions.totalCount);
      setMore(d.teachingSessions.pageInfo.hasNextPage ? d.teachingSessions.pageInfo.endCursor ?? null : null);
    })
    .catch((e) => setErr((e as Error).message));
  useEffect(() => {
    load(null);
  }, [row.pairingId, row.partnerKindergartenId, semester]);
  if (err) return <p class="error" role="alert">{err}</p>;
  if (!list) return <p role="status">…</p>;
  return (
    <div class="records-behind" data-total={total}>
      <p class="muted">{t('comp.behindRow').replace('{n}', String(total))}</p>
      <table class="wide-table">
        <thead><tr><th>{t('comp.date')}</th><th>{t('comp.type')}</th><th>{t('home.hours')}</th><th>{t('comp.topic')}</th>
          <th>{t('comp.teachers')}</th><th>{t('comp.state')}</th><th>{t('dash.photos')}</th></tr></thead>
        <tbody>
          {list.map((s) => (
            <tr key={s.id} data-session={s.id}>
              <td>{s.date}</td><td>{t(`type.${s.type}`)}</td><td>{shownValue(s.hours)}</td><td>{s.topic ?? ''}</td>
              <td>{s.teachers.map((x) => x.name).join('、')}</td>
              <td>{t(`confirmation.${s.status}`)}{s.rating ? ` · ${'★'.repeat(s.rating)}` : ''}{s.queryReason ? `：${s.queryReason}` : ''}</td>
              <td>
                <div class="thumbs">
                {s.photos.items.filter((p) => p.thumbnailUrl && p.url).map((p) => (
                  <a key={p.id} href={p.url!} target="_blank" rel="noopener noreferrer" class={p.flags.length ? 'flagged-photo' : ''}>
                    <img src={p.thumbnailUrl!} width={64} height={48} loading="lazy" alt={`${t('dash.photoOf')}${s.date}${p.flags.length ? ` (${t('flag.badge')})` : ''}`} />
                  </a>
                ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        {more && <button type="button" class="secondary" onClick={() => load(more)}>{t('acc.next')}</button>}
        <button type="button" class="secondary browse" onClick={() => openEvidence({ tab: 'sessions', filter: { pairingIds: [row.pairingId],
          kindergartenId: row.partnerKindergartenId, semesters: [semester], directions: ['OUTBOUND'] } })}>{t('comp.browse')}</button>
      </div>
    </div>
  );
}

export function Compliance() {
  const semesters = recentSemesters();
  const [semester, setSemester] = useState(semesters[0]);
  const [statuses, setStatuses] = useState<G.ComplianceStatus[]>([]);
  const [order, setOrder] = useState<G.ComplianceOrder>('WORST_FIRST');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [open, setOpen] = useState('');
  const [err, setErr] = useState('');
  useEffect(() => {
    setRows(null);
    gql(ComplianceDoc, { s: semester, order, desc: false, st: statuses.length ? statuses : null })
      .then((d) => setRows(d.compliance)).catch((e) => setErr((e as Error).message));
  }, [semester, order, statuses.join(',')]);
  const key = (r: Row) => `${r.pairingId}|${r.partnerKindergartenId}`;
  const all: G.ComplianceStatus[] = ['BEHIND', 'ON_TRACK', 'MET'];
  return (
    <section class="compliance">
      <h2>{t('comp.title')}</h2>
      <div class="card filters">
        <label>
          {t('dash.semester')}
          <select name="semester" value={semester} onChange={(e) => setSemester((e.target as HTMLSelectElement).value)}>
            {semesters.map((s) => <option key={s} value={s}>{semesterLabel(s)}</option>)}
          </select>
        </label>
        <label>
          {t('comp.order')}
          <select name="order" value={order} onChange={(e) => setOrder((e.target as HTMLSelectElement).value as G.ComplianceOrder)}>
            {['WORST_FIRST', 'HOURS', 'LECTURES', 'VISITS', 'CONFIRMED_SHARE', 'PAIRING_NAME'].map((o) => <option key={o} value={o}>{t(`comp.order.${o}`)}</option>)}
          </select>
        </label>
        <fieldset>
          <legend>{t('comp.status')}</legend>
          {all.map((s) => (
            <label key={s} class="check">
              <input type="checkbox" name="status" value={s} checked={statuses.includes(s)}
                onChange={(e) => setStatuses((e.target as HTMLInputElement).checked ? [...statuses, s] : statuses.filter((x) => x !== s))} />
              {t(`status.${s}`)}
            </label>
          ))}
        </fieldset>
        <button type="button" class="export" onClick={() => download(`/export/compliance.xlsx?semester=${semester}`, `compliance-${semester}.xlsx`).catch((e) => setErr((e as Error).message))}>
          {t('dash.exportCompliance')}
        </button>
      </div>
      {err && <p class="error" role="alert">{err}</p>}
      {rows === null && !err && <p role="status">…</p>}
      {rows && rows.length === 0 && <p class="card">{t('comp.none')}</p>}
      {rows && rows.length > 0 && (
        <div class="scroll">
          <table class="wide-table compliance-table" data-rows={rows.length}>
            <thead>
              <tr><th>{t('dash.partner')}</th><th>{t('dash.pairing')}</th><th>{t('home.hours')}</th><th>{t('home.lectures')}</th>
                <th>{t('dash.visits')}</th><th>{t('comp.confirmed')}</th><th>{t('comp.status')}</th><th /></tr>
            </thead>
            <tbody>
              {rows.map((r) => [
                <tr key={key(r)} class={`status-${r.status}`} data-status={r.status} data-partner={r.partnerKindergartenId}>
                  <td>{r.partnerKindergartenName}</td><td>{r.pairingName}</td>
                  <td>{shownValue(r.hours)} / {r.targets.teachingHours}</td><td>{r.lectures} / {r.targets.specialLectures}</td>
                  <td>{r.monthsVisited} / {r.monthsRequired}{r.missedMonths.length ? ` (${t('comp.missed')} ${r.missedMonths.join('、')})` : ''}</td>
                  <td>{r.confirmed} / {r.sessions}</td>
                  <td>{t(`status.${r.status}`)}</td>
                  <td>
                    <button type="button" class="open-records secondary" aria-expanded={open === key(r)}
                      onClick={() => setOpen(open === key(r) ? '' : key(r))}>{open === key(r) ? t('comp.close') : t('comp.open')}</button>
                  </td>
                </tr>,
                open === key(r) && (
                  <tr key={`${key(r)}-records`} class="behind-row"><td colSpan={8}><Records row={r} semester={semester} /></td></tr>
                ),
              ])}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
