// What a teacher needs to work offline: their pairings and this semester's progress,
// fetched when online and kept on the phone.
import { gql } from './api';
import { cache, cached, semesterOf, today } from './util';

export interface Kg {
  id: string;
  name: string;
}
export interface Pairing {
  id: string;
  name: string;
  supportingKindergarten: Kg;
  partnerKindergartens: Kg[];
  viewerSide: string | null;
}
export interface Progress {
  pairingId: string;
  partnerKindergartenId: string;
  partnerKindergartenName: string;
  hours: number;
  lectures: number;
  monthsVisited: number;
  monthsElapsed: number;
  monthsRequired: number;
  status: 'MET' | 'ON_TRACK' | 'BEHIND';
  targets: { teachingHours: number; specialLectures: number; monthlyVisits: boolean };
}
export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: string;
}

export interface Snapshot {
  me: Me | null;
  pairings: Pairing[];
  progress: Progress[];
}

export function offlineSnapshot(): Snapshot {
  return { me: cached<Me>('me'), pairings: cached<Pairing[]>('pairings') ?? [], progress: cached<Progress[]>('progress') ?? [] };
}

export async function refresh(): Promise<Snapshot> {
  const d = await gql<{
    me: Me;
    pairings: { edges: { node: Pairing }[] };
    compliance: Progress[];
  }>(
    `query($s: String!) {
      me { id username displayName role }
      pairings(first: 50, filter: { statuses: [ACTIVE] }) { edges { node { id name viewerSide
        supportingKindergarten { id name } partnerKindergartens { id name } } } }
      compliance(semester: $s) { pairingId partnerKindergartenId partnerKindergartenName hours lectures
        monthsVisited monthsElapsed monthsRequired status targets { teachingHours specialLectures monthlyVisits } }
    }`,
    { s: semesterOf(today()) },
  );
  const snap = { me: d.me, pairings: d.pairings.edges.map((e) => e.node), progress: d.compliance };
  cache('me', snap.me);
  cache('pairings', snap.pairings);
  cache('progress', snap.progress);
  return snap;
}

export interface Waiting {
  id: string;
  date: string;
  hours: number;
  type: string;
  topic: string | null;
  pairing: { name: string };
  supportingKindergarten: { name: string };
  loggedBySide: string;
}

/** Lessons the other side logged that wait for this kindergarten's confirmation. */
export async function waiting(): Promise<Waiting[]> {
  const d = await gql<{ teachingSessions: { edges: { node: Waiting & { viewerCanConfirm: boolean } }[] } }>(
    `{ teachingSessions(first: 50, filter: { statuses: [PENDING] }, orderBy: { field: DATE, direction: DESC }) { edges { node {
        id date hours type topic loggedBySide viewerCanConfirm pairing { name } supportingKindergarten { name } } } } }`,
  );
  const list = d.teachingSessions.edges.map((e) => e.node).filter((n) => n.viewerCanConfirm);
  cache('waiting', list);
  return list;
}

export function offlineWaiting(): Waiting[] {
  return cached<Waiting[]>('waiting') ?? [];
}

export interface StatsRow {
  keys: { value: string; label: string }[];
  values: (number | null)[];
}

/** Hours and lessons by county and semester, for a bureau's dashboard. */
export async function countyHours(): Promise<{ rows: StatsRow[]; total: (number | null)[] }> {
  const d = await gql<{ stats: { rows: StatsRow[]; total: { values: (number | null)[] } } }>(
    `query($locale: Locale) { stats(query: { subject: TEACHING_SESSIONS, measures: [HOURS, COUNT], groupBy: [COUNTY, SEMESTER],
       filter: { directions: [OUTBOUND] }, locale: $locale }) { rows { keys { value label } values } total { values } } }`,
    { locale: document.documentElement.lang === 'en' ? 'EN' : 'ZH_CN' },
  );
  return { rows: d.stats.rows, total: d.stats.total.values };
}
