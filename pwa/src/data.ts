// What a teacher needs to work offline: their pairings and this semester's progress,
// fetched when online and kept on the phone.
import { gql, graphql } from './api';
import type * as G from './gql';
import { cache, cached, semesterOf, today } from './util';

export type Me = G.RefreshQuery['me'];
export type Pairing = G.RefreshQuery['pairings']['edges'][number]['node'];
export type Progress = G.RefreshQuery['compliance'][number];

export interface Snapshot {
  me: Me | null;
  pairings: Pairing[];
  progress: Progress[];
}

export function offlineSnapshot(): Snapshot {
  return { me: cached<Me>('me'), pairings: cached<Pairing[]>('pairings') ?? [], progress: cached<Progress[]>('progress') ?? [] };
}

const Refresh = graphql<G.RefreshQuery, G.RefreshQueryVariables>`query Refresh($s: String!) {
  me { id username displayName role kindergarten { id name } }
  pairings(first: 50, filter: { statuses: [ACTIVE] }) { edges { node { id name viewerSide
    supportingKindergarten { id name } partnerKindergartens { id name } } } }
  compliance(semester: $s) { pairingId partnerKindergartenId partnerKindergartenName hours lectures
    monthsVisited monthsElapsed monthsRequired status targets { teachingHours specialLectures monthlyVisits } }
}`;

export async function refresh(): Promise<Snapshot> {
  const d = await gql(Refresh, { s: semesterOf(today()) });
  const snap = { me: d.me, pairings: d.pairings.edges.map((e) => e.node), progress: d.compliance };
  cache('me', snap.me);
  cache('pairings', snap.pairings);
  cache('progress', snap.progress);
  return snap;
}

export type Waiting = G.WaitingQuery['teachingSessions']['edges'][number]['node'];

/** Lessons the other side logged that wait for this kindergarten's confirmation. */
const WaitingDoc = graphql<G.WaitingQuery, G.WaitingQueryVariables>`query Waiting { teachingSessions(first: 50, filter: { statuses: [PENDING] }, orderBy: { field: DATE, direction: DESC }) {
  edges { node { id date hours type topic loggedBySide viewerCanConfirm pairing { name } supportingKindergarten { name } } } } }`;

export async function waiting(): Promise<Waiting[]> {
  const d = await gql(WaitingDoc, {});
  const list = d.teachingSessions.edges.map((e) => e.node).filter((n) => n.viewerCanConfirm);
  cache('waiting', list);
  return list;
}

export function offlineWaiting(): Waiting[] {
  return cached<Waiting[]>('waiting') ?? [];
}

export type StatsRow = G.DashboardQuery['byCounty']['rows'][number];

/** A bureau's region at a glance: hours by county and semester, the school year's monthly
 * trend, the partners furthest behind this semester, and photo evidence. */
const DashboardDoc = graphql<G.DashboardQuery, G.DashboardQueryVariables>`query Dashboard($locale: Locale, $semester: String!, $year: [String!]) {
  byCounty: stats(query: { subject: TEACHING_SESSIONS, measures: [HOURS, COUNT], groupBy: [COUNTY, SEMESTER],
    filter: { directions: [OUTBOUND] }, locale: $locale }) { rows { keys { value label } values } total { values } }
  trend: stats(query: { subject: TEACHING_SESSIONS, measures: [HOURS], groupBy: [MONTH],
    filter: { directions: [OUTBOUND], semesters: $year }, locale: $locale }) { rows { keys { value label } values } }
  photoCounts: stats(query: { subject: PHOTOS, measures: [COUNT], groupBy: [COUNTY], locale: $locale }) {
    rows { keys { value label } values } total { values } }
  behind: compliance(semester: $semester, statuses: [BEHIND], limit: 10) {
    pairingId pairingName partnerKindergartenId partnerKindergartenName hours lectures monthsVisited monthsRequired
    targets { teachingHours specialLectures } }
  recent: teachingSessions(first: 30, orderBy: { field: DATE, direction: DESC }) { edges { node {
    id date topic type partnerKindergarten { name } photos { count items { id status thumbnailUrl url caption } } } } }
}`;

export type Dashboard = G.DashboardQuery;

export async function dashboard(): Promise<Dashboard> {
  const semester = semesterOf(today());
  const year = semester.slice(0, 9);
  return gql(DashboardDoc, {
    locale: document.documentElement.lang === 'en' ? 'EN' : 'ZH_CN',
    semester,
    year: [`${year}-1`, `${year}-2`],
  });
}
