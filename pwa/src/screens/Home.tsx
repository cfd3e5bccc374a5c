import type { Snapshot, Progress } from '../data';
import { t } from '../i18n';
import { DueList } from '../due';

function Bar({ label, have, want }: { label: string; have: number; want: number }) {
  const pct = want > 0 ? Math.min(100, Math.round((have / want) * 100)) : 100;
  return (
    <div class="bar">
      <span>{label}</span>
      <progress max={100} value={pct} aria-label={label} />
      <span>
        {have} / {want}
      </span>
    </div>
  );
}

function Partner({ p }: { p: Progress }) {
  return (
    <li class="card">
      <h3>
        {p.partnerKindergartenName} <span class={`status ${p.status}`}>{t(`status.${p.status}`)}</span>
      </h3>
      <Bar label={t('home.hours')} have={p.hours} want={p.targets.teachingHours} />
      <Bar label={t('home.lectures')} have={p.lectures} want={p.targets.specialLectures} />
      {p.targets.monthlyVisits && <Bar label={t('home.visits')} have={p.monthsVisited} want={p.monthsRequired} />}
    </li>
  );
}

export function Home({ snap }: { snap: Snapshot }) {
  if (snap.pairings.length === 0) return <><DueList due={snap.due} /><p class="card">{t('home.none')}</p></>;
  return (
    <section>
      <DueList due={snap.due} />
      <h2>{t('home.pairings')}</h2>
      {snap.pairings.map((pr) => (
        <div key={pr.id}>
          <h3>{pr.name}</h3>
          <p class="muted">{t('home.progress')}</p>
          <ul class="plain">
            {snap.progress.filter((p) => p.pairingId === pr.id).map((p) => (
              <Partner key={p.partnerKindergartenId} p={p} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
