import { useState } from 'preact/hooks';
import type { Outbox } from '../outbox';
import { enqueue } from '../api';
import { keepLocally, type Managed, type Teacher, type TrainingEvent } from '../manage';
import type { TrainingType } from '../gql';
import { t } from '../i18n';
import { semesterOf, today, uuid } from '../util';

const trainingTypes: TrainingType[] = ['TRAINING', 'SPECIAL_LECTURE', 'SCHOOL_BASED_RESEARCH', 'OPEN_DAY', 'COMPETITION'];

/** Training events the kindergarten organises, and attendance taken on the spot: both go
 * through the outbox, so a room with no signal is no obstacle. */
export function Training({ data, kindergartenId, outbox, onSaved }: {
  data: Managed; kindergartenId: string; outbox: Outbox; onSaved: (m: Managed) => void;
}) {
  const [taking, setTaking] = useState('');
  const [adding, setAdding] = useState(false);
  const event = data.events.find((e) => e.id === taking);
  if (event) {
    return <Attendance event={event} teachers={data.teachers} outbox={outbox} onDone={(m) => {
      setTaking('');
      if (m) onSaved(m);
    }} />;
  }
  return (
    <section>
      <h2>{t('training.title')}</h2>
      {adding ? (
        <NewEvent kindergartenId={kindergartenId} pairings={data.pairings.filter((p) => p.viewerSide === 'SUPPORTING' && p.status === 'ACTIVE')}
          outbox={outbox} onDone={(m, id) => {
          setAdding(false);
          if (m) onSaved(m);
          if (id) setTaking(id);
        }} />
      ) : (
        <button type="button" class="new-event" onClick={() => setAdding(true)}>{t('training.new')}</button>
      )}
      {data.events.length === 0 && <p class="card">{t('training.none')}</p>}
      <ul class="plain">
        {data.events.map((e) => (
          <li key={e.id} class="card event" data-id={e.id}>
            <h3>{e.title}</h3>
            <p class="muted">{e.date} · {t(`ttype.${e.type}`)} · {e.hours} {t('home.hours')}{e.place ? ` · ${e.place}` : ''}</p>
            <p>{t('training.attendees')}：<strong class="count">{e.attendance.length}</strong>{e.queued ? ` · ${t('state.queued')}` : ''}</p>
            <button type="button" class="take" onClick={() => setTaking(e.id)}>{t('training.take')}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NewEvent({ kindergartenId, pairings, outbox, onDone }: {
  kindergartenId: string; pairings: Managed['pairings']; outbox: Outbox; onDone: (m: Managed | null, takeId?: string) => void;
}) {
  // The pairings it serves: all of the kindergarten's, unless unticked. A special lecture
  // for a pairing counts toward its partners' lectures when their teachers attend.
  const [served, setServed] = useState<string[]>(pairings.map((p) => p.id));
  const [title, setTitle] = useState('');
  const [type, setType] = useState<TrainingType>('TRAINING');
  const [date, setDate] = useState(today());
  const [hours, setHours] = useState('2');
  const [place, setPlace] = useState('');
  const val = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);

  async function save(e: Event) {
    e.preventDefault();
    const id = uuid();
    const input = { id, title: title.trim(), type, organizerKindergartenId: kindergartenId, date, hours: Number(hours), place: place.trim() || null,
      pairingIds: served };
    await enqueue(outbox, 'createTrainingEvent', id, { in: input }, `${t('training.new')} · ${input.title}`);
    const ev: TrainingEvent = { id, title: input.title, type, date, hours: input.hours, place: input.place, attendeeCount: 0, attendance: [], queued: true };
    onDone(keepLocally((m) => m.events.unshift(ev)), id);
  }

  return (
    <form class="card" onSubmit={save}>
      <label>
        {t('training.eventTitle')}
        <input name="title" value={title} maxLength={200} required onInput={val(setTitle)} />
      </label>
      <label>
        {t('log.type')}
        <select name="trainingType" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value as TrainingType)}>
          {trainingTypes.map((x) => <option key={x} value={x}>{t(`ttype.${x}`)}</option>)}
        </select>
      </label>
      <div class="two">
        <label>
          {t('log.date')}
          <input name="eventDate" type="date" value={date} required onInput={val(setDate)} />
        </label>
        <label>
          {t('log.hours')}
          <input name="eventHours" type="number" inputMode="decimal" min="0.5" max="24" step="0.5" value={hours} required onInput={val(setHours)} />
        </label>
      </div>
      <p class="muted">{semesterOf(date)}</p>
      <label>
        {t('training.place')}
        <input name="place" value={place} maxLength={200} onInput={val(setPlace)} />
      </label>
      {pairings.length > 0 && (
        <fieldset>
          <legend>{t('training.pairings')}</legend>
          {pairings.map((p) => (
            <label key={p.id} class="check row">
              <input type="checkbox" name="servedPairing" value={p.id} checked={served.includes(p.id)}
                onChange={(e) => setServed((e.target as HTMLInputElement).checked ? [...served, p.id] : served.filter((x) => x !== p.id))} />
              {p.name}
            </label>
          ))}
          {type === 'SPECIAL_LECTURE' && <p class="muted">{t('training.lectureCounts')}</p>}
        </fieldset>
      )}
      <div class="actions">
        <button type="submit">{t('training.create')}</button>
        <button type="button" class="secondary" onClick={() => onDone(null)}>{t('cancel')}</button>
      </div>
    </form>
  );
}

/** A tick list of the teachers of this and the paired kindergartens, grouped by kindergarten
 * and searchable; saving replaces the event's attendance, so saving twice changes nothing. */
function Attendance({ event, teachers, outbox, onDone }: {
  event: TrainingEvent; teachers: Teacher[]; outbox: Outbox; onDone: (m: Managed | null) => void;
}) {
  const [present, setPresent] = useState<Set<string>>(new Set(event.attendance.map((a) => a.teacher?.id ?? '').filter(Boolean)));
  const [search, setSearch] = useState('');
  const shown = teachers.filter((x) => !search || x.name.includes(search) || (x.kindergarten?.name ?? '').includes(search));
  const groups = new Map<string, Teacher[]>();
  for (const x of shown) {
    const k = x.kindergarten?.name ?? '';
    groups.set(k, [...(groups.get(k) ?? []), x]);
  }
  const toggle = (id: string) => {
    const next = new Set(present);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPresent(next);
  };

  async function save() {
    const ids = [...present];
    await enqueue(outbox, 'setTrainingAttendance', `attendance:${event.id}:${uuid()}`,
      { eventId: event.id, attendance: ids.map((teacherId) => ({ teacherId })) },
      `${t('training.taken')} · ${event.title} · ${ids.length}`);
    onDone(keepLocally((m) => {
      const kept = m.events.find((e) => e.id === event.id);
      if (!kept) return;
      kept.attendance = ids.map((id) => ({ teacher: { id }, hours: event.hours }));
      kept.attendeeCount = ids.length;
    }));
  }

  return (
    <section class="attendance">
      <h2>{t('training.take')}</h2>
      <p class="card"><strong>{event.title}</strong><br />{event.date} · {event.hours} {t('home.hours')}</p>
      <label>
        {t('training.search')}
        <input name="search" type="search" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
      </label>
      <p role="status" class="muted">{t('training.present')}：<strong class="present">{present.size}</strong></p>
      {[...groups].map(([kg, list]) => (
        <fieldset key={kg} class="card">
          <legend>{kg}</legend>
          {list.map((x) => (
            <label key={x.id} class="check row">
              <input type="checkbox" name="present" value={x.id} checked={present.has(x.id)} onChange={() => toggle(x.id)} />
              {x.name}{x.backbone ? ` · ${t('training.backbone')}` : ''}
            </label>
          ))}
        </fieldset>
      ))}
      <div class="actions sticky">
        <button type="button" class="save-attendance" onClick={save}>{t('training.save')}</button>
        <button type="button" class="secondary" onClick={() => onDone(null)}>{t('cancel')}</button>
      </div>
    </section>
  );
}
