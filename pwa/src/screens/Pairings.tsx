import { useState } from 'preact/hooks';
import { PairingFileButtons } from '../pairing-file';
import { PlanEditor } from '../plan-editor';
import type { Outbox } from '../outbox';
import { enqueue } from '../api';
import { keepLocally, pairingInput, type Managed, type ManagedPairing } from '../manage';
import { t } from '../i18n';
import { uuid } from '../util';

/** A supporting kindergarten's pairings: the plan (goals), its phases, the targets each
 * semester and the leading group; whoever manages a pairing can edit its plan. */
export function Pairings({ data, outbox, onSaved }: { data: Managed; outbox: Outbox; onSaved: (m: Managed) => void }) {
  const [editing, setEditing] = useState('');
  if (data.pairings.length === 0) return <p class="card">{t('home.none')}</p>;
  return (
    <section>
      <h2>{t('pairings.title')}</h2>
      {data.pairings.map((p) =>
        editing === p.id ? (
          <PlanForm key={p.id} p={p} outbox={outbox} onDone={(m) => {
            setEditing('');
            if (m) onSaved(m);
          }} />
        ) : (
          <PairingCard key={p.id} p={p} onEdit={() => setEditing(p.id)} outbox={outbox} onPlanSaved={() => onSaved(data)} />
        ),
      )}
    </section>
  );
}

function pct(v: number) {
  return `${Math.round(v * 100)}%`;
}

function PairingCard({ p, onEdit, outbox, onPlanSaved }: { p: ManagedPairing; onEdit: () => void; outbox: Outbox; onPlanSaved: () => void }) {
  return (
    <article class="card pairing" data-id={p.id}>
      <h3>{p.name} <span class="status">{t(`pstatus.${p.status}`)}</span></h3>
      <p class="muted">{p.start} – {p.end} · {p.partnerKindergartens.map((k) => k.name).join('、')}</p>
      {p.goals && <p>{p.goals}</p>}
      <h4>{t('pairings.targets')}</h4>
      <ul class="facts">
        <li>{t('home.hours')}：{p.targets.teachingHours}</li>
        <li>{t('home.lectures')}：{p.targets.specialLectures}</li>
        <li>{t('home.visits')}：{p.targets.monthlyVisits ? t('yes') : t('no')}</li>
        <li>{t('pairings.excellent')}：{pct(p.targets.excellentLessonRate)}</li>
        <li>{t('pairings.pass')}：{pct(p.targets.passRate)}</li>
      </ul>
      {p.targetOverrides.map((o) => (
        <p key={o.semester} class="muted">{o.semester}：{t('home.hours')} {o.targets.teachingHours} · {t('home.lectures')} {o.targets.specialLectures}</p>
      ))}
      <h4>{t('pairings.phases')}</h4>
      {p.phases.length === 0 ? <p class="muted">{t('pairings.noPhases')}</p> : (
        <ol class="phases">
          {p.phases.map((ph, i) => (
            <li key={i}><strong>{ph.name}</strong> <span class="muted">{ph.start} – {ph.end}</span>{ph.goals && <div>{ph.goals}</div>}</li>
          ))}
        </ol>
      )}
      {p.leadingGroup.length > 0 && (
        <>
          <h4>{t('pairings.group')}</h4>
          <ul class="facts">
            {p.leadingGroup.map((g, i) => <li key={i}>{g.role}：{g.name}{g.duty ? `（${g.duty}）` : ''}</li>)}
          </ul>
        </>
      )}
      {p.viewerCanManage && <button type="button" class="secondary edit" onClick={onEdit}>{t('pairings.edit')}</button>}
      {p.status === 'ACTIVE' && <PlanEditor pairingId={p.id} partners={p.partnerKindergartens} canEdit={p.viewerCanManage} outbox={outbox} onSaved={onPlanSaved} />}
      {p.status !== 'DRAFT' && <PairingFileButtons pairingId={p.id} name={p.name} />}
    </article>
  );
}

interface PhaseRow {
  key: string;
  name: string;
  start: string;
  end: string;
  goals: string;
}

/** The plan: goals, phases and this pairing's default targets. Saved through the outbox. */
function PlanForm({ p, outbox, onDone }: { p: ManagedPairing; outbox: Outbox; onDone: (m: Managed | null) => void }) {
  const [goals, setGoals] = useState(p.goals ?? '');
  const [phases, setPhases] = useState<PhaseRow[]>(p.phases.map((ph) => ({ key: uuid(), name: ph.name, start: ph.start, end: ph.end, goals: ph.goals ?? '' })));
  const [hours, setHours] = useState(String(p.targets.teachingHours));
  const [lectures, setLectures] = useState(String(p.targets.specialLectures));
  const [monthly, setMonthly] = useState(p.targets.monthlyVisits);
  // The rates as percentages (30 for 30 %).
  const [excellent, setExcellent] = useState(String(Math.round(p.targets.excellentLessonRate * 100)));
  const [pass, setPass] = useState(String(Math.round(p.targets.passRate * 100)));
  const [err, setErr] = useState('');
  const set = (i: number, field: keyof PhaseRow, v: string) => setPhases((cur) => cur.map((r, j) => (j === i ? { ...r, [field]: v } : r)));

  async function save(e: Event) {
    e.preventDefault();
    for (const r of phases) {
      if (!r.name.trim() || !r.start || !r.end || r.end < r.start) {
        setErr(t('pairings.phaseInvalid'));
        return;
      }
      if (r.start < p.start || r.end > p.end) {
        setErr(`${t('pairings.phaseOutside')} ${p.start} – ${p.end}`);
        return;
      }
    }
    const input = pairingInput(p);
    input.goals = goals.trim() || null;
    input.phases = phases.map((r) => ({ name: r.name.trim(), start: r.start, end: r.end, goals: r.goals.trim() || null }));
    input.targets = { ...input.targets, teachingHours: Number(hours), specialLectures: Number(lectures), monthlyVisits: monthly,
      excellentLessonRate: Number(excellent) / 100, passRate: Number(pass) / 100 };
    await enqueue(outbox, 'updatePairing', `plan:${p.id}:${uuid()}`, { id: p.id, in: input }, `${t('pairings.planSaved')} · ${p.name}`);
    const m = keepLocally((m) => {
      const kept = m.pairings.find((x) => x.id === p.id);
      if (!kept) return;
      kept.goals = input.goals ?? null;
      kept.phases = (input.phases ?? []).map((ph) => ({ name: ph.name, start: ph.start, end: ph.end, goals: ph.goals ?? null }));
      kept.targets = { ...kept.targets, teachingHours: Number(hours), specialLectures: Number(lectures), monthlyVisits: monthly,
        excellentLessonRate: Number(excellent) / 100, passRate: Number(pass) / 100 };
    });
    onDone(m);
  }

  return (
    <form class="card plan" onSubmit={save}>
      <h3>{p.name}</h3>
      <label>
        {t('pairings.goals')}
        <textarea name="goals" value={goals} maxLength={2000} onInput={(e) => setGoals((e.target as HTMLTextAreaElement).value)} />
      </label>
      <fieldset>
        <legend>{t('pairings.targets')}</legend>
        <label>
          {t('pairings.hoursTarget')}
          <input name="teachingHours" type="number" inputMode="decimal" min="0" max="500" step="0.5" value={hours} required
            onInput={(e) => setHours((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('pairings.lecturesTarget')}
          <input name="specialLectures" type="number" inputMode="numeric" min="0" max="50" value={lectures} required
            onInput={(e) => setLectures((e.target as HTMLInputElement).value)} />
        </label>
        <label class="check">
          <input type="checkbox" name="monthlyVisits" checked={monthly} onChange={(e) => setMonthly((e.target as HTMLInputElement).checked)} />
          {t('pairings.monthly')}
        </label>
        <label>
          {t('pairings.excellent')}（%）
          <input name="excellentLessonRate" type="number" inputMode="numeric" min="0" max="100" value={excellent} required
            onInput={(e) => setExcellent((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('pairings.pass')}（%）
          <input name="passRate" type="number" inputMode="numeric" min="0" max="100" value={pass} required
            onInput={(e) => setPass((e.target as HTMLInputElement).value)} />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('pairings.phases')}</legend>
        {phases.map((r, i) => (
          <div class="phase" key={r.key}>
            <label>
              {t('pairings.phaseName')} {i + 1}
              <input name="phaseName" value={r.name} maxLength={100} required onInput={(e) => set(i, 'name', (e.target as HTMLInputElement).value)} />
            </label>
            <div class="two">
              <label>
                {t('pairings.from')}
                <input name="phaseStart" type="date" value={r.start} min={p.start} max={p.end} required onInput={(e) => set(i, 'start', (e.target as HTMLInputElement).value)} />
              </label>
              <label>
                {t('pairings.to')}
                <input name="phaseEnd" type="date" value={r.end} min={p.start} max={p.end} required onInput={(e) => set(i, 'end', (e.target as HTMLInputElement).value)} />
              </label>
            </div>
            <label>
              {t('pairings.phaseGoals')}
              <input name="phaseGoals" value={r.goals} maxLength={500} onInput={(e) => set(i, 'goals', (e.target as HTMLInputElement).value)} />
            </label>
            <button type="button" class="secondary" onClick={() => setPhases(phases.filter((_, j) => j !== i))}>{t('pairings.removePhase')}</button>
          </div>
        ))}
        <button type="button" class="secondary add-phase" disabled={phases.length >= 20}
          onClick={() => setPhases([...phases, { key: uuid(), name: '', start: p.start, end: p.end, goals: '' }])}>
          {t('pairings.addPhase')}
        </button>
      </fieldset>
      {err && <p class="error" role="alert">{err}</p>}
      <div class="actions">
        <button type="submit">{t('pairings.save')}</button>
        <button type="button" class="secondary" onClick={() => onDone(null)}>{t('cancel')}</button>
      </div>
    </form>
  );
}
