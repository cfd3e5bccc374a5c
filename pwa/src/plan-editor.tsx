// A pairing's plan (计划) on the supporting kindergarten's pairing card: this semester's
// planned activities with where each stands (planned / done, with its record / overdue),
// edited and saved online, or copied forward from last semester.
import { useEffect, useState } from 'preact/hooks';
import { enqueue, gql, graphql } from './api';
import { useWhenSent } from './when-sent';
import type { Outbox } from './outbox';
import type * as G from './gql';
import { addTexts, t } from './i18n';
import { cache, cached, recentSemesters, uuid } from './util';

addTexts({
  'plan.title': '帮扶计划',
  'plan.none': '本学期还没有计划。',
  'plan.edit': '编辑计划',
  'plan.copy': '复制上学期的计划',
  'plan.add': '添加一项',
  'plan.save': '保存计划',
  'plan.cancel': '取消',
  'plan.month': '月份',
  'plan.type': '活动',
  'plan.partner': '结对园',
  'plan.anyPartner': '任一结对园',
  'plan.responsible': '责任人',
  'plan.remove': '删除',
  'plan.status.PLANNED': '计划中',
  'plan.status.DONE': '已完成',
  'plan.status.OVERDUE': '已过期',
  'plan.status.QUEUED': '待上传',
  'plan.saved': '计划已保存',
}, {
  'plan.title': 'Plan',
  'plan.none': 'No plan for this semester yet.',
  'plan.edit': 'Edit the plan',
  'plan.copy': 'Copy last semester’s plan',
  'plan.add': 'Add an item',
  'plan.save': 'Save the plan',
  'plan.cancel': 'Cancel',
  'plan.month': 'Month',
  'plan.type': 'Activity',
  'plan.partner': 'Partner',
  'plan.anyPartner': 'Any partner',
  'plan.responsible': 'Responsible',
  'plan.remove': 'Remove',
  'plan.status.PLANNED': 'Planned',
  'plan.status.DONE': 'Done',
  'plan.status.OVERDUE': 'Overdue',
  'plan.status.QUEUED': 'Waiting to upload',
  'plan.saved': 'Plan saved',
});

const PlanDoc = graphql<G.PlanQuery, G.PlanQueryVariables>`query Plan($id: ID!, $s: String!) {
  pairing(id: $id) { id plan(semester: $s) { id type month date responsible notes status due partnerKindergarten { id name } session { id date } } } }`;
const CopyDoc = graphql<G.CopyPlanMutation, G.CopyPlanMutationVariables>`mutation CopyPlan($id: ID!, $f: String!, $t: String!) {
  copyPlanForward(pairingId: $id, from: $f, to: $t) { id } }`;

const types = ['MONTHLY_VISIT', 'DEMONSTRATION_CLASS', 'SPECIAL_LECTURE', 'OBSERVATION_CRITIQUE', 'JOINT_TEACHING_RESEARCH', 'FOLLOW_UP_STUDY',
  'ENVIRONMENT_GUIDANCE', 'MANAGEMENT_GUIDANCE', 'HEALTH_CARE_GUIDANCE', 'JOB_SWAP'];

interface Row { id: string; type: string; month: string; partner: string; responsible: string }

function monthsOf(semester: string): string[] {
  const [y, , term] = semester.split('-').map(Number);
  return term === 1 ? [`${y}-09`, `${y}-10`, `${y}-11`, `${y}-12`, `${y + 1}-01`]
    : [`${y + 1}-02`, `${y + 1}-03`, `${y + 1}-04`, `${y + 1}-05`, `${y + 1}-06`, `${y + 1}-07`];
}

type Plan = G.PlanQuery['pairing'];

/** A semester's plan of a pairing: read from the server and kept on the device; saved
 * through the outbox (setPlan replaces the semester's plan, so sending it twice is
 * harmless), shown at once as waiting to upload, and read again once it is sent. */
export function PlanEditor({ pairingId, partners, canEdit, outbox, onSaved }: { pairingId: string; partners: { id: string; name: string }[]; canEdit: boolean;
  outbox: Outbox; onSaved: () => void }) {
  const [semester, last] = recentSemesters();
  const key = `plan:${pairingId}:${semester}`;
  const [plan, setPlan] = useState<Plan | null>(cached<Plan>(key));
  const [rows, setRows] = useState<Row[] | null>(null);
  const [msg, setMsg] = useState('');
  const [err, setErr] = useState('');
  const [v, setV] = useState(0);
  useEffect(() => {
    gql(PlanDoc, { id: pairingId, s: semester }).then((d) => { setPlan(d.pairing ?? null); cache(key, d.pairing ?? null); setErr(''); })
      .catch((e) => { if (!cached(key)) setErr((e as Error).message); });
  }, [pairingId, v]);
  // Once the saved plan has left the outbox, the server's statuses are read again.
  const whenSent = useWhenSent(outbox, () => setV((n) => n + 1));
  const items = plan?.plan ?? [];
  const save = async () => {
    if (!rows) return;
    const a = rows.map((r) => ({ id: r.id, type: r.type as G.SessionType, month: r.month, partnerKindergartenId: r.partner || null, responsible: r.responsible || null }));
    const id = uuid();
    await enqueue(outbox, 'setPlan', id, { id: pairingId, s: semester, a }, `${t('plan.title')} · ${semester}`);
    // Shown as saved, each item waiting to upload, until the server says where it stands.
    const shown: Plan = { id: pairingId, plan: rows.map((r) => ({ id: r.id, type: r.type as G.SessionType, month: r.month, date: null, due: `${r.month}-28`,
      responsible: r.responsible || null, notes: null, status: 'QUEUED' as G.PlanStatus, session: null,
      partnerKindergarten: partners.find((k) => k.id === r.partner) ?? null })) };
    setPlan(shown);
    cache(key, shown);
    setRows(null);
    setMsg(t('plan.saved'));
    whenSent(id);
    onSaved();
  };
  const set = (i: number, k: keyof Row, val: string) => setRows((cur) => cur!.map((r, j) => (j === i ? { ...r, [k]: val } : r)));
  return (
    <div class="plan" data-pairing={pairingId}>
      <h4>{t('plan.title')}（{semester}）</h4>
      {err && <p class="error" role="alert">{err}</p>}
      {msg && <p class="ok" role="status">{msg}</p>}
      {!rows && (
        <>
          {plan && items.length === 0 && <p class="muted">{t('plan.none')}</p>}
          <ul class="plain plan-items">
            {items.map((it) => (
              <li key={it.id} data-status={it.status} class={`plan-item ${it.status}`}>
                {it.month} · {t(`type.${it.type}`)}{it.partnerKindergarten ? ` · ${it.partnerKindergarten.name}` : ''}{it.responsible ? ` · ${t('plan.responsible')}：${it.responsible}` : ''}
                {' · '}<strong>{t(`plan.status.${it.status}`)}</strong>{it.session ? `（${it.session.date}）` : ''}
              </li>
            ))}
          </ul>
          {canEdit && (
            <div class="actions">
              <button type="button" class="secondary edit-plan" onClick={() => setRows(items.map((it) => ({ id: it.id, type: it.type, month: it.month,
                partner: it.partnerKindergarten?.id ?? '', responsible: it.responsible ?? '' })))}>{t('plan.edit')}</button>
              {plan && items.length === 0 && last && (
                <button type="button" class="secondary copy-plan" onClick={() => gql(CopyDoc, { id: pairingId, f: last, t: semester })
                  .then(() => setV(v + 1)).catch((e) => setErr((e as Error).message))}>{t('plan.copy')}</button>
              )}
            </div>
          )}
        </>
      )}
      {rows && (
        <div class="plan-form">
          {rows.map((r, i) => (
            <fieldset key={r.id} class="plan-row">
              <legend>{i + 1}</legend>
              <label>{t('plan.month')}
                <select name="planMonth" value={r.month} onChange={(e) => set(i, 'month', (e.target as HTMLSelectElement).value)}>
                  {monthsOf(semester).map((m) => <option key={m} value={m}>{m}</option>)}
                </select>
              </label>
              <label>{t('plan.type')}
                <select name="planType" value={r.type} onChange={(e) => set(i, 'type', (e.target as HTMLSelectElement).value)}>
                  {types.map((x) => <option key={x} value={x}>{t(`type.${x}`)}</option>)}
                </select>
              </label>
              {partners.length > 1 && (
                <label>{t('plan.partner')}
                  <select name="planPartner" value={r.partner} onChange={(e) => set(i, 'partner', (e.target as HTMLSelectElement).value)}>
                    <option value="">{t('plan.anyPartner')}</option>
                    {partners.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
                  </select>
                </label>
              )}
              <label>{t('plan.responsible')}<input name="planResponsible" value={r.responsible} maxLength={50}
                onInput={(e) => set(i, 'responsible', (e.target as HTMLInputElement).value)} /></label>
              <button type="button" class="secondary" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{t('plan.remove')}</button>
            </fieldset>
          ))}
          <div class="actions">
            <button type="button" class="secondary add-plan-item" onClick={() => setRows([...rows, { id: uuid(), type: 'MONTHLY_VISIT',
              month: monthsOf(semester)[0], partner: partners.length === 1 ? partners[0].id : '', responsible: '' }])}>{t('plan.add')}</button>
            <button type="button" class="save-plan" onClick={save}>{t('plan.save')}</button>
            <button type="button" class="secondary" onClick={() => setRows(null)}>{t('plan.cancel')}</button>
          </div>
        </div>
      )}
    </div>
  );
}
