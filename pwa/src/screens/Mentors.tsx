import { useState } from 'preact/hooks';
import type { Outbox } from '../outbox';
import { enqueue } from '../api';
import { keepLocally, type Managed, type ManagedPairing } from '../manage';
import { t } from '../i18n';
import { today, uuid } from '../util';

/** 师徒结对: each pairing's mentorships, and a new one — a mentor of the supporting
 * kindergarten with apprentices of the partner kindergartens. */
export function Mentors({ data, outbox, onSaved }: { data: Managed; outbox: Outbox; onSaved: (m: Managed) => void }) {
  const [adding, setAdding] = useState('');
  if (data.pairings.length === 0) return <p class="card">{t('home.none')}</p>;
  return (
    <section>
      <h2>{t('mentors.title')}</h2>
      {data.pairings.map((p) => (
        <div key={p.id} class="mentor-pairing" data-id={p.id}>
          <h3>{p.name}</h3>
          {data.mentorships.every((m) => m.pairing.id !== p.id) && <p class="muted">{t('mentors.none')}</p>}
          <ul class="plain">
            {data.mentorships.filter((m) => m.pairing.id === p.id).map((m) => (
              <li key={m.id} class="card mentorship">
                <strong>{m.mentor?.name ?? '—'}</strong> → {m.apprentices.map((a) => a.name).join('、')}
                <p class="muted">{m.start} – {m.end}{m.goals ? ` · ${m.goals}` : ''}</p>
              </li>
            ))}
          </ul>
          {adding === p.id ? (
            <NewMentorship p={p} data={data} outbox={outbox} onDone={(m) => {
              setAdding('');
              if (m) onSaved(m);
            }} />
          ) : (
            p.viewerCanManage && <button type="button" class="secondary new-mentorship" onClick={() => setAdding(p.id)}>{t('mentors.new')}</button>
          )}
        </div>
      ))}
    </section>
  );
}

function NewMentorship({ p, data, outbox, onDone }: { p: ManagedPairing; data: Managed; outbox: Outbox; onDone: (m: Managed | null) => void }) {
  const mentors = data.teachers.filter((x) => x.kindergarten?.id === p.supportingKindergarten.id);
  const partners = new Set(p.partnerKindergartens.map((k) => k.id));
  const apprentices = data.teachers.filter((x) => x.kindergarten && partners.has(x.kindergarten.id));
  const [mentor, setMentor] = useState(mentors[0]?.id ?? '');
  const [chosen, setChosen] = useState<string[]>([]);
  const [start, setStart] = useState(today() < p.start ? p.start : today());
  const [end, setEnd] = useState(p.end);
  const [goals, setGoals] = useState('');
  const [err, setErr] = useState('');

  async function save(e: Event) {
    e.preventDefault();
    if (!mentor || chosen.length === 0) {
      setErr(t('mentors.choose'));
      return;
    }
    if (end < start) {
      setErr(t('pairings.phaseInvalid'));
      return;
    }
    const id = uuid();
    await enqueue(outbox, 'createMentorship', id, { in: { id, pairingId: p.id, mentorId: mentor, apprenticeIds: chosen, start, end, goals: goals.trim() || null } },
      `${t('mentors.new')} · ${data.teachers.find((x) => x.id === mentor)?.name ?? ''}`);
    const name = (id: string) => ({ id, name: data.teachers.find((x) => x.id === id)?.name ?? '' });
    onDone(keepLocally((m) => {
      m.mentorships.push({ id, pairing: { id: p.id }, start, end, goals: goals.trim() || null, mentor: name(mentor), apprentices: chosen.map(name) });
    }));
  }

  return (
    <form class="card" onSubmit={save}>
      <label>
        {t('mentors.mentor')}
        <select name="mentor" value={mentor} onChange={(e) => setMentor((e.target as HTMLSelectElement).value)}>
          {mentors.map((x) => <option key={x.id} value={x.id}>{x.name}{x.backbone ? ` · ${t('training.backbone')}` : ''}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>{t('mentors.apprentices')}</legend>
        {apprentices.length === 0 && <p class="muted">{t('mentors.noTeachers')}</p>}
        {apprentices.map((x) => (
          <label key={x.id} class="check row">
            <input type="checkbox" name="apprentice" value={x.id} checked={chosen.includes(x.id)}
              onChange={(e) => setChosen((e.target as HTMLInputElement).checked ? [...chosen, x.id] : chosen.filter((c) => c !== x.id))} />
            {x.name} · {x.kindergarten?.name}
          </label>
        ))}
      </fieldset>
      <div class="two">
        <label>
          {t('pairings.from')}
          <input name="start" type="date" value={start} min={p.start} max={p.end} required onInput={(e) => setStart((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('pairings.to')}
          <input name="end" type="date" value={end} min={p.start} max={p.end} required onInput={(e) => setEnd((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <label>
        {t('mentors.goals')}
        <input name="mentorGoals" value={goals} maxLength={500} onInput={(e) => setGoals((e.target as HTMLInputElement).value)} />
      </label>
      {err && <p class="error" role="alert">{err}</p>}
      <div class="actions">
        <button type="submit">{t('mentors.save')}</button>
        <button type="button" class="secondary" onClick={() => onDone(null)}>{t('cancel')}</button>
      </div>
    </form>
  );
}
