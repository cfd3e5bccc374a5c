import { useEffect, useState } from 'preact/hooks';
import { gql, graphql } from '../api';
import type * as G from '../gql';
import { addTexts, t } from '../i18n';
import '../texts-admin';
import { Pager } from '../admin-parts';
import { recentSemesters, today, uuid } from '../util';

// The bureau's inspections (督查): record one for a pairing of its region with the items
// to put right and their deadlines, see each side's answers, close or send back each item;
// and, for a semester, whose summaries are still missing.

addTexts({
  'insp.title': '督查整改',
  'insp.new': '记录一次督查',
  'insp.pairing': '结对',
  'insp.find': '查找结对',
  'insp.date': '督查日期',
  'insp.inspectors': '督查人员',
  'insp.findings': '督查意见',
  'insp.items': '整改事项',
  'insp.item': '事项',
  'insp.deadline': '期限',
  'insp.addItem': '添加整改事项',
  'insp.remove': '删除',
  'insp.save': '保存督查记录',
  'insp.cancel': '取消',
  'insp.openOnly': '只看未完成整改的',
  'insp.none': '没有督查记录。',
  'insp.close': '确认已整改',
  'insp.reopen': '退回重新整改',
  'insp.overdue': '已逾期',
  'insp.missing': '未提交学期总结',
  'insp.missingNone': '本学期的总结都已提交。',
  'insp.status.OPEN': '待整改',
  'insp.status.ANSWERED': '已答复',
  'insp.status.CLOSED': '已整改',
}, {
  'insp.title': 'Inspections',
  'insp.new': 'Record an inspection',
  'insp.pairing': 'Pairing',
  'insp.find': 'Find a pairing',
  'insp.date': 'Date',
  'insp.inspectors': 'Inspectors',
  'insp.findings': 'Findings',
  'insp.items': 'Items to put right',
  'insp.item': 'Item',
  'insp.deadline': 'Deadline',
  'insp.addItem': 'Add an item',
  'insp.remove': 'Remove',
  'insp.save': 'Save the inspection',
  'insp.cancel': 'Cancel',
  'insp.openOnly': 'Only those with items to do',
  'insp.none': 'No inspections.',
  'insp.close': 'Accept as done',
  'insp.reopen': 'Send back',
  'insp.overdue': 'overdue',
  'insp.missing': 'Summaries not submitted',
  'insp.missingNone': 'Every summary of this semester is in.',
  'insp.status.OPEN': 'To do',
  'insp.status.ANSWERED': 'Answered',
  'insp.status.CLOSED': 'Done',
});

const ListDoc = graphql<G.InspectionListQuery, G.InspectionListQueryVariables>`query InspectionList($open: Boolean, $after: String, $s: String!) {
  inspections(first: 20, after: $after, filter: { openOnly: $open }) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id date inspectors findings open pairing { id name }
      items { id text deadline status overdue reopened answers { text at kindergarten { name } } } } } }
  missing: summaries(semester: $s, missingOnly: true) { pairing { id name } kindergarten { id name } side } }`;

const PairingsDoc = graphql<G.InspectPairingsQuery, G.InspectPairingsQueryVariables>`query InspectPairings($q: String) {
  pairings(first: 20, filter: { nameContains: $q, statuses: [ACTIVE, ENDED] }) { edges { node { id name } } } }`;

const RecordDoc = graphql<G.RecordInspectionMutation, G.RecordInspectionMutationVariables>`mutation RecordInspection($in: InspectionInput!) {
  recordInspection(input: $in) { id } }`;
const CloseDoc = graphql<G.CloseItemMutation, G.CloseItemMutationVariables>`mutation CloseItem($id: ID!, $item: ID!) {
  closeInspectionItem(inspectionId: $id, itemId: $item) { id } }`;
const ReopenDoc = graphql<G.ReopenItemMutation, G.ReopenItemMutationVariables>`mutation ReopenItem($id: ID!, $item: ID!) {
  reopenInspectionItem(inspectionId: $id, itemId: $item) { id } }`;

interface ItemRow { id: string; text: string; deadline: string }

function NewInspection({ onDone }: { onDone: (saved: boolean) => void }) {
  const [q, setQ] = useState('');
  const [pairings, setPairings] = useState<{ id: string; name: string }[]>([]);
  const [pairing, setPairing] = useState('');
  const [date, setDate] = useState(today());
  const [inspectors, setInspectors] = useState('');
  const [findings, setFindings] = useState('');
  const [items, setItems] = useState<ItemRow[]>([{ id: uuid(), text: '', deadline: '' }]);
  const [err, setErr] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => gql(PairingsDoc, { q: q || null }).then((d) => setPairings(d.pairings.edges.map((e) => e.node)))
      .catch((e) => setErr((e as Error).message)), 250);
    return () => clearTimeout(timer);
  }, [q]);
  const val = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);
  const setItem = (i: number, k: keyof ItemRow, v: string) => setItems((cur) => cur.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const save = (e: Event) => {
    e.preventDefault();
    setErr('');
    gql(RecordDoc, { in: { id: uuid(), pairingId: pairing, date, inspectors, findings,
      items: items.filter((r) => r.text.trim()).map((r) => ({ id: r.id, text: r.text, deadline: r.deadline })) } })
      .then(() => onDone(true)).catch((x) => setErr((x as Error).message));
  };
  return (
    <form class="card new-inspection" onSubmit={save}>
      <h3>{t('insp.new')}</h3>
      <label>{t('insp.find')}<input name="pairingSearch" value={q} onInput={val(setQ)} /></label>
      <label>{t('insp.pairing')}
        <select name="pairing" value={pairing} required onChange={val(setPairing)}>
          <option value="">—</option>
          {pairings.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </label>
      <label>{t('insp.date')}<input name="date" type="date" value={date} max={today()} required onInput={val(setDate)} /></label>
      <label>{t('insp.inspectors')}<input name="inspectors" value={inspectors} required maxLength={200} onInput={val(setInspectors)} /></label>
      <label>{t('insp.findings')}<textarea name="findings" rows={4} required value={findings} onInput={val(setFindings)} /></label>
      <fieldset>
        <legend>{t('insp.items')}</legend>
        {items.map((r, i) => (
          <div key={r.id} class="item-row">
            <label>{t('insp.item')} {i + 1}<input name="itemText" value={r.text} onInput={(e) => setItem(i, 'text', (e.target as HTMLInputElement).value)} /></label>
            <label>{t('insp.deadline')}<input name="itemDeadline" type="date" value={r.deadline} required={!!r.text.trim()} min={date}
              onInput={(e) => setItem(i, 'deadline', (e.target as HTMLInputElement).value)} /></label>
            <button type="button" class="secondary" onClick={() => setItems(items.filter((_, j) => j !== i))}>{t('insp.remove')}</button>
          </div>
        ))}
        <button type="button" class="secondary add-item" onClick={() => setItems([...items, { id: uuid(), text: '', deadline: '' }])}>{t('insp.addItem')}</button>
      </fieldset>
      <div class="actions">
        <button type="submit" class="save-inspection" disabled={!pairing}>{t('insp.save')}</button>
        <button type="button" class="secondary" onClick={() => onDone(false)}>{t('insp.cancel')}</button>
      </div>
      {err && <p class="error" role="alert">{err}</p>}
    </form>
  );
}

export function Inspections() {
  const semesters = recentSemesters();
  const [semester, setSemester] = useState(semesters[1] ?? semesters[0]);
  const [open, setOpen] = useState(true);
  const [adding, setAdding] = useState(false);
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [data, setData] = useState<G.InspectionListQuery | null>(null);
  const [err, setErr] = useState('');
  const [v, setV] = useState(0);
  const after = pages[pages.length - 1];
  useEffect(() => {
    gql(ListDoc, { open, after, s: semester }).then(setData).catch((e) => setErr((e as Error).message));
  }, [open, after, semester, v]);
  const act = (close: boolean, id: string, item: string) =>
    (close ? gql(CloseDoc, { id, item }) : gql(ReopenDoc, { id, item })).then(() => setV(v + 1)).catch((e) => setErr((e as Error).message));
  return (
    <section class="inspections">
      <h2>{t('insp.title')}</h2>
      {adding ? <NewInspection onDone={(saved) => { setAdding(false); if (saved) setV(v + 1); }} />
        : <button type="button" class="new-inspection-button" onClick={() => setAdding(true)}>{t('insp.new')}</button>}
      <label class="check"><input type="checkbox" name="openOnly" checked={open} onChange={(e) => { setOpen((e.target as HTMLInputElement).checked); setPages([null]); }} />{t('insp.openOnly')}</label>
      {err && <p class="error" role="alert">{err}</p>}
      {data && data.inspections.edges.length === 0 && <p class="card">{t('insp.none')}</p>}
      {data?.inspections.edges.map(({ node: x }) => (
        <article key={x.id} class="card inspection" data-id={x.id} data-open={x.open}>
          <h3>{x.pairing.name} · {x.date} · {x.inspectors}</h3>
          <p>{x.findings}</p>
          <ol class="items">
            {x.items.map((it) => (
              <li key={it.id} data-item={it.id} data-status={it.status} class={it.overdue ? 'overdue' : ''}>
                <p>{it.text}（{t('insp.deadline')} {it.deadline}{it.overdue ? `，${t('insp.overdue')}` : ''}）· {t(`insp.status.${it.status}`)}</p>
                {it.answers.map((a, i) => <p key={i} class="muted">{a.kindergarten?.name} {new Date(a.at).toLocaleDateString()}：{a.text}</p>)}
                <div class="actions">
                  {it.status !== 'CLOSED' && <button type="button" class="close-item" onClick={() => act(true, x.id, it.id)}>{t('insp.close')}</button>}
                  {it.status !== 'OPEN' && <button type="button" class="secondary reopen-item" onClick={() => act(false, x.id, it.id)}>{t('insp.reopen')}</button>}
                </div>
              </li>
            ))}
          </ol>
        </article>
      ))}
      <Pager pages={pages} setPages={setPages} info={data?.inspections.pageInfo} />
      <h3>{t('insp.missing')}</h3>
      <label>{t('dash.semester')}
        <select name="summarySemester" value={semester} onChange={(e) => setSemester((e.target as HTMLSelectElement).value)}>
          {semesters.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      {data && data.missing.length === 0 && <p class="card">{t('insp.missingNone')}</p>}
      {data && data.missing.length > 0 && (
        <table class="wide-table missing-summaries" data-rows={data.missing.length}>
          <thead><tr><th>{t('insp.pairing')}</th><th>{t('acc.kindergarten')}</th></tr></thead>
          <tbody>{data.missing.map((m) => <tr key={`${m.pairing.id}-${m.kindergarten.id}`}><td>{m.pairing.name}</td><td>{m.kindergarten.name}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
