import { useState } from 'preact/hooks';
import type { Outbox } from '../outbox';
import { enqueue } from '../api';
import { queuePhotos } from '../queue-photos';
import { keepLocally, type Managed, type ManagedPairing } from '../manage';
import { addTexts, t } from '../i18n';
import type { ActivityKind } from '../gql';

addTexts({
  'act.title': '带教活动',
  'act.add': '记录一次带教活动',
  'act.kind': '形式',
  'act.kind.OBSERVATION': '听课观摩',
  'act.kind.LESSON_STUDY': '磨课',
  'act.kind.TALK': '谈话指导',
  'act.date': '日期',
  'act.notes': '内容',
  'act.save': '保存',
  'act.queued': '待上传',
  'act.photos': '照片（可选）',
}, {
  'act.title': 'Activities',
  'act.add': 'Log an activity',
  'act.kind': 'Kind',
  'act.kind.OBSERVATION': 'Observation',
  'act.kind.LESSON_STUDY': 'Lesson study',
  'act.kind.TALK': 'Talk',
  'act.date': 'Date',
  'act.notes': 'What was done',
  'act.save': 'Save',
  'act.queued': 'waiting to upload',
  'act.photos': 'Photos (optional)',
});

type M = Managed['mentorships'][number];

/** A mentorship's activities, and a new one logged offline through the outbox. */
function Activities({ m, outbox, onSaved }: { m: M; outbox: Outbox; onSaved: (m: Managed) => void }) {
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(today());
  const [kind, setKind] = useState<ActivityKind>('OBSERVATION');
  const [notes, setNotes] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const save = async (e: Event) => {
    e.preventDefault();
    const id = uuid();
    const label = `${t('act.title')} · ${date}`;
    await enqueue(outbox, 'addMentorshipActivity', id, { in: { id, mentorshipId: m.id, date, kind, notes } }, label);
    // The photos go after their activity (their parent), shrunk as a lesson's are.
    await queuePhotos(outbox, files, { subjectId: m.id, partId: id }, label, id);
    setFiles([]);
    onSaved(keepLocally((k) => {
      const kept = k.mentorships.find((x) => x.id === m.id);
      if (kept) kept.activities = [...(kept.activities ?? []), { id, date, kind, notes }];
    }));
    setOpen(false);
    setNotes('');
  };
  return (
    <div class="activities">
      {(m.activities ?? []).length > 0 && (
        <ul class="plain">
          {m.activities.map((a) => <li key={a.id} class="activity">{a.date} · {t(`act.kind.${a.kind}`)} · {a.notes}</li>)}
        </ul>
      )}
      {open ? (
        <form class="activity-form" onSubmit={save}>
          <label>{t('act.date')}<input name="activityDate" type="date" value={date} max={today()} required onInput={(e) => setDate((e.target as HTMLInputElement).value)} /></label>
          <label>{t('act.kind')}
            <select name="activityKind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as ActivityKind)}>
              {(['OBSERVATION', 'LESSON_STUDY', 'TALK'] as const).map((k) => <option key={k} value={k}>{t(`act.kind.${k}`)}</option>)}
            </select>
          </label>
          <label>{t('act.notes')}<textarea name="activityNotes" required maxLength={2000} value={notes} onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)} /></label>
          <label>{t('act.photos')}
            <input name="activityPhotos" type="file" accept="image/jpeg,image/png,image/webp,image/*" multiple
              onChange={(e) => setFiles([...((e.target as HTMLInputElement).files ?? [])])} />
          </label>
          <button type="submit" class="save-activity">{t('act.save')}</button>
        </form>
      ) : <button type="button" class="secondary add-activity" onClick={() => setOpen(true)}>{t('act.add')}</button>}
    </div>
  );
}
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
                <Activities m={m} outbox={outbox} onSaved={onSaved} />
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
      m.mentorships.push({ id, pairing: { id: p.id }, start, end, goals: goals.trim() || null, mentor: name(mentor), apprentices: chosen.map(name), activities: [] });
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
