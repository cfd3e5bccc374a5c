// What a teacher needs to work offline: their pairings and this semester's progress,
// fetched when online and kept on the phone.
import { gql, graphql } from './api';
import type * as G from './gql';
import { cache, cached, semesterOf, today } from './util';

export type Me = G.RefreshQuery['me'];
export type Pairing = NonNullable<G.RefreshQuery['pairings']>['edges'][number]['node'];
export type Progress = NonNullable<G.RefreshQuery['compliance']>[number];
export type Colleague = NonNullable<G.ColleaguesQuery['teachers']>['edges'][number]['node'];

/** How far an installation is set up: what an admin's first run creates, counted. */
export interface Setup {
  regions: number;
  kindergartens: number;
  teachers: number;
  users: number;
  pairings: number;
}

/** Whether every step of the first run has something in it (more users than the admin). */
export function setupDone(s: Setup | null | undefined): boolean {
  return !s || (s.regions > 0 && s.kindergartens > 0 && s.teachers > 0 && s.users > 1 && s.pairings > 0);
}

export interface Snapshot {
  me: Me | null;
  /** An admin's first-run progress (null for everyone else). */
  setup?: Setup | null;
  pairings: Pairing[];
  progress: Progress[];
  /** The teachers of the user's own kindergarten, to say who taught a lesson. */
  colleagues: Colleague[];
  /** What is due for the user (missing visits, hours needed, waiting lessons, overdue items…). */
  due?: Due | null;
  /** On the supporting side: the partner kindergartens' teachers, whose lessons it grades. */
  partnerTeachers?: PartnerTeacher[];
}

export type Due = G.RefreshQuery['due'];
export type PartnerTeacher = NonNullable<G.PartnerTeachersQuery['teachers']>['edges'][number]['node'];

export function offlineSnapshot(): Snapshot {
  return {
    me: cached<Me>('me'),
    pairings: cached<Pairing[]>('pairings') ?? [],
    progress: cached<Progress[]>('progress') ?? [],
    colleagues: cached<Colleague[]>('colleagues') ?? [],
    partnerTeachers: cached<PartnerTeacher[]>('partnerTeachers') ?? [],
    due: cached<Due>('due'),
    setup: cached<Setup>('setup'),
  };
}

const Refresh = graphql<G.RefreshQuery, G.RefreshQueryVariables>`query Refresh($s: String!, $kindergarten: Boolean!, $admin: Boolean!) {
  me { id username displayName role kindergarten { id name } teacher { id } }
  setupRegions: regions @include(if: $admin) { code }
  setupKindergartens: kindergartens(first: 1) @include(if: $admin) { totalCount }
  setupTeachers: teachers(first: 1) @include(if: $admin) { totalCount }
  setupUsers: users(first: 1) @include(if: $admin) { totalCount }
  setupPairings: pairings(first: 1) @include(if: $admin) { totalCount }
  pairings(first: 50, filter: { statuses: [ACTIVE] }) @include(if: $kindergarten) { edges { node { id name viewerSide
    supportingKindergarten { id name } partnerKindergartens { id name } } } }
  due { semester weeksLeft items { kind count amount days date text pairing { name } partnerKindergarten { name } } }
  compliance(semester: $s) @include(if: $kindergarten) { pairingId partnerKindergartenId partnerKindergartenName hours lectures
    monthsVisited monthsElapsed monthsRequired status targets { teachingHours specialLectures monthlyVisits } }
}`;

const Colleagues = graphql<G.ColleaguesQuery, G.ColleaguesQueryVariables>`query Colleagues($kg: ID!) {
  teachers(first: 100, filter: { kindergartenId: $kg, current: true }, orderBy: { field: NAME, direction: ASC }) { edges { node { id name } } } }`;

const PartnerTeachers = graphql<G.PartnerTeachersQuery, G.PartnerTeachersQueryVariables>`query PartnerTeachers {
  teachers(first: 100, filter: { current: true }, orderBy: { field: KINDERGARTEN, direction: ASC }) { edges { node { id name kindergarten { id } } } } }`;

/** Whether a user works at a kindergarten (rather than for a bureau): as kept from sign-in. */
function atKindergarten(me: Me | null): boolean {
  return !me || (me.role !== 'BUREAU' && me.role !== 'ADMIN');
}

export async function refresh(): Promise<Snapshot> {
  // A bureau's region may hold thousands of pairings: its screens ask for what they show.
  const me = cached<Me>('me');
  const d = await gql(Refresh, { s: semesterOf(today()), kindergarten: atKindergarten(me), admin: me?.role === 'ADMIN' });
  const snap: Snapshot = { me: d.me, pairings: d.pairings?.edges.map((e) => e.node) ?? [], progress: d.compliance ?? [], colleagues: [], due: d.due };
  cache('due', d.due);
  snap.setup = d.setupRegions ? { regions: d.setupRegions.length, kindergartens: d.setupKindergartens?.totalCount ?? 0,
    teachers: d.setupTeachers?.totalCount ?? 0, users: d.setupUsers?.totalCount ?? 0, pairings: d.setupPairings?.totalCount ?? 0 } : null;
  cache('setup', snap.setup);
  cache('me', snap.me);
  cache('pairings', snap.pairings);
  cache('progress', snap.progress);
  if (d.me.kindergarten) snap.colleagues = (await gql(Colleagues, { kg: d.me.kindergarten.id })).teachers.edges.map((e) => e.node);
  cache('colleagues', snap.colleagues);
  const partners = new Set(snap.pairings.filter((p) => p.viewerSide === 'SUPPORTING').flatMap((p) => p.partnerKindergartens.map((k) => k.id)));
  snap.partnerTeachers = partners.size ? (await gql(PartnerTeachers, {})).teachers.edges.map((e) => e.node).filter((x) => partners.has(x.kindergarten?.id ?? '')) : [];
  cache('partnerTeachers', snap.partnerTeachers);
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
    id date topic type partnerKindergarten { name } photos { count items { id status thumbnailUrl url caption flags { kind days } } } } } }
  flagged: flaggedPhotos(first: 20) { totalCount edges { node { id thumbnailUrl url caption subjectDate
    teachingSession { id date topic partnerKindergarten { name } }
    flags { kind days exact otherDate otherSession { id date partnerKindergarten { name } } otherPhoto { id thumbnailUrl url } } } } }
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

const Confirmations = graphql<G.ConfirmationsQuery, G.ConfirmationsQueryVariables>`query Confirmations($ids: [ID!]!) {
  nodes(ids: $ids) { ... on TeachingSession { id status rating queryReason } } }`;

export interface Confirmation {
  status: G.ConfirmationStatus;
  rating: number | null;
  queryReason: string | null;
}

/** Where the other side stands on lessons this phone logged: waiting, confirmed (with the
 * rating) or sent back (with the reason). Kept for offline use. */
export async function confirmations(ids: string[]): Promise<Record<string, Confirmation>> {
  const out: Record<string, Confirmation> = { ...offlineConfirmations() };
  if (ids.length === 0) return out;
  const d = await gql(Confirmations, { ids: ids.slice(0, 100) });
  for (const n of d.nodes) {
    if (n && 'status' in n) out[n.id] = { status: n.status, rating: n.rating, queryReason: n.queryReason };
  }
  cache('confirmations', out);
  return out;
}

export function offlineConfirmations(): Record<string, Confirmation> {
  return cached<Record<string, Confirmation>>('confirmations') ?? {};
}
