import type { Due } from './data';
import { t } from './i18n';

/** The user's reminders, in words, worst first: overdue items, then what this month and
 * semester still need, then what waits. */
export function DueList({ due }: { due: Due | null | undefined }) {
  if (!due || due.items.length === 0) return null;
  const order = ['ITEM_OVERDUE', 'PLAN_OVERDUE', 'VISIT_MISSING', 'PLAN_DUE_SOON', 'WAITING_CONFIRMATION', 'BEHIND', 'INSPECTION_OPEN', 'HOURS_NEEDED', 'LECTURES_NEEDED', 'SUMMARY_MISSING'];
  const items = [...due.items].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  const say = (it: Due['items'][number]) => t(`due.${it.kind}`)
    .replace('{partner}', it.partnerKindergarten?.name ?? '').replace('{pairing}', it.pairing?.name ?? '')
    .replace('{count}', String(it.count)).replace('{amount}', String(it.amount)).replace('{days}', String(it.days))
    .replace('{weeks}', String(due.weeksLeft)).replace('{text}', it.text ?? '');
  return (
    <section class="card due" aria-label={t('due.title')}>
      <h2>{t('due.title')}</h2>
      <ul class="plain">
        {items.map((it, i) => <li key={i} class={`due-item ${it.kind}`} data-kind={it.kind}>{say(it)}</li>)}
      </ul>
    </section>
  );
}
