// Parts the bureaus' and admins' screens share (their chunks load this one; a teacher's
// phone does not).
import { useEffect, useState } from 'preact/hooks';
import { gql, graphql } from './api';
import type * as G from './gql';
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

const KgSearch = graphql<G.SearchKindergartensQuery, G.SearchKindergartensQueryVariables>`query SearchKindergartens($q: String) {
  kindergartens(first: 20, filter: { nameContains: $q }, orderBy: { field: NAME, direction: ASC }) { edges { node { id name } } } }`;

/** The first 20 kindergartens, by name, whose name holds q, asked for a moment after typing
 * stops; onError hears a failure (else the list is empty). */
export function useKindergartenSearch(q: string, onError?: (e: Error) => void): { id: string; name: string }[] {
  const [list, setList] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    const timer = setTimeout(() => gql(KgSearch, { q: q || null }).then((d) => setList(d.kindergartens.edges.map((e) => e.node))).catch((e) => {
      if (onError) onError(e as Error);
      else setList([]);
    }), 250);
    return () => clearTimeout(timer);
  }, [q]);
  return list;
}

