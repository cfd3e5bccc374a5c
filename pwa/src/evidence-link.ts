// Opening the bureau's records browser from another screen (a compliance or statistics
// row) with the filter of that row.
import type { TeachingSessionFilter } from './gql';

let pending: TeachingSessionFilter | null = null;

/** Shows the records browser, filtered. */
export function openEvidence(f: TeachingSessionFilter) {
  pending = f;
  window.dispatchEvent(new CustomEvent('open-screen', { detail: 'evidence' }));
}

/** The filter the browser was opened with, once. */
export function takeEvidenceFilter(): TeachingSessionFilter {
  const f = pending ?? {};
  pending = null;
  return f;
}
