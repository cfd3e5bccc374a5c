// Opening the bureau's records browser from another screen (a compliance or statistics
// row) on the tab and with the filter of that row.
import type { PhotoFilter, TeachingSessionFilter, TrainingEventFilter } from './gql';

export type EvidenceTarget =
  | { tab: 'sessions'; filter: TeachingSessionFilter }
  | { tab: 'events'; filter: TrainingEventFilter }
  | { tab: 'photos'; filter: PhotoFilter };

let pending: EvidenceTarget | null = null;

/** Shows the records browser, filtered. */
export function openEvidence(target: EvidenceTarget) {
  pending = target;
  window.dispatchEvent(new CustomEvent('open-screen', { detail: 'evidence' }));
}

/** What the browser was opened with, once; the sessions tab, unfiltered, otherwise. */
export function takeEvidenceTarget(): EvidenceTarget {
  const target = pending ?? { tab: 'sessions', filter: {} };
  pending = null;
  return target;
}
