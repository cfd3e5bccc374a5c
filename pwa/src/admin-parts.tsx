// Parts the bureaus' and admins' screens share (their chunks load this one; a teacher's
// phone does not).
import { t } from './i18n';
import './texts-admin';

/** Previous and next page of a cursor-paged list: pages holds the cursor each page was
 * asked after (null for the first). */
export function Pager({ pages, setPages, info }: {
  pages: (string | null)[];
  setPages: (p: (string | null)[]) => void;
  info?: { hasNextPage: boolean; endCursor?: string | null };
}) {
  return (
    <div class="actions">
      {pages.length > 1 && <button type="button" class="secondary" onClick={() => setPages(pages.slice(0, -1))}>{t('acc.prev')}</button>}
      {info?.hasNextPage && <button type="button" class="secondary next-page" onClick={() => setPages([...pages, info.endCursor ?? null])}>{t('acc.next')}</button>}
    </div>
  );
}
