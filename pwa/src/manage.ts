// What a supporting kindergarten's admin works with: its pairings with their plans,
// phases and targets; the teachers of its own and its partner kindergartens; its training
// events with their attendance; and its mentorships. Fetched when online and kept on the
// phone, so attendance can be taken at an event with no signal. What the admin queues
// offline is laid over the kept copy until it is synced.
import { gql, graphql } from './api';
import type * as G from './gql';
import { cache, cached } from './util';

const Manage = graphql<G.ManageQuery, G.ManageQueryVariables>`query Manage($kg: ID!) {
  pairings(first: 50, filter: { kindergartenId: $kg }, orderBy: { field: START, direction: DESC }) { edges { node {
    id name status start end agreementDate goals viewerCanManage viewerSide
    supportingKindergarten { id name } partnerKindergartens { id name }
    phases { name start end goals }
    targets { teachingHours specialLectures monthlyVisits excellentLessonRate passRate }
    targetOverrides { semester targets { teachingHours specialLectures monthlyVisits excellentLessonRate passRate } }
    leadingGroup { name role duty kindergarten { id } }
  } } }
  mentorships(first: 100) { edges { node { id pairing { id } start end goals mentor { id name } apprentices { id name }
    activities { id date kind notes } } } }
  trainingEvents(first: 50, filter: { kindergartenId: $kg }, orderBy: { field: DATE, direction: DESC }) { edges { node {
    id title type date hours place attendeeCount attendance { teacher { id } hours }
  } } }
}`;

const Teachers = graphql<G.TeachersQuery, G.TeachersQueryVariables>`query Teachers($after: String) {
  teachers(first: 100, after: $after, filter: { current: true }, orderBy: { field: KINDERGARTEN, direction: ASC }) {
    edges { node { id name backbone kindergarten { id name } } } pageInfo { hasNextPage endCursor } } }`;

export type ManagedPairing = G.ManageQuery['pairings']['edges'][number]['node'];
export type Mentorship = G.ManageQuery['mentorships']['edges'][number]['node'];
export type TrainingEvent = G.ManageQuery['trainingEvents']['edges'][number]['node'] & { queued?: boolean };
export type Teacher = G.TeachersQuery['teachers']['edges'][number]['node'];

export interface Managed {
  pairings: ManagedPairing[];
  mentorships: Mentorship[];
  events: TrainingEvent[];
  teachers: Teacher[];
}

export function offlineManaged(): Managed {
  return cached<Managed>('managed') ?? { pairings: [], mentorships: [], events: [], teachers: [] };
}

/** At most this many teachers are kept on the phone (10 pages). */
const maxTeacherPages = 10;

export async function refreshManaged(kindergartenId: string): Promise<Managed> {
  const d = await gql(Manage, { kg: kindergartenId });
  const teachers: Teacher[] = [];
  let after: string | null = null;
  for (let i = 0; i < maxTeacherPages; i++) {
    const page: G.TeachersQuery = await gql(Teachers, { after });
    teachers.push(...page.teachers.edges.map((e) => e.node));
    if (!page.teachers.pageInfo.hasNextPage) break;
    after = page.teachers.pageInfo.endCursor ?? null;
  }
  const m: Managed = {
    pairings: d.pairings.edges.map((e) => e.node),
    mentorships: d.mentorships.edges.map((e) => e.node),
    events: d.trainingEvents.edges.map((e) => e.node),
    teachers,
  };
  cache('managed', m);
  return m;
}

/** Keeps a change made on the phone in the kept copy, so it shows before it is synced. */
export function keepLocally(change: (m: Managed) => void): Managed {
  const m = offlineManaged();
  change(m);
  cache('managed', m);
  return m;
}

/** The pairing as the input that updates it, so a plan edit sends everything it keeps. */
export function pairingInput(p: ManagedPairing): G.PairingInput {
  const targets = (t: G.TargetsInput) => ({
    teachingHours: t.teachingHours, specialLectures: t.specialLectures, monthlyVisits: t.monthlyVisits,
    excellentLessonRate: t.excellentLessonRate, passRate: t.passRate,
  });
  return {
    name: p.name,
    supportingKindergartenId: p.supportingKindergarten.id,
    partnerKindergartenIds: p.partnerKindergartens.map((k) => k.id),
    agreementDate: p.agreementDate,
    start: p.start,
    end: p.end,
    status: p.status,
    goals: p.goals,
    leadingGroup: p.leadingGroup.map((g) => ({ name: g.name, role: g.role, duty: g.duty, kindergartenId: g.kindergarten?.id ?? null })),
    phases: p.phases.map((ph) => ({ name: ph.name, start: ph.start, end: ph.end, goals: ph.goals })),
    targets: targets(p.targets),
    targetOverrides: p.targetOverrides.map((o) => ({ semester: o.semester, targets: targets(o.targets) })),
  };
}
