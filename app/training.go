package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

var _ = mutation("createTrainingEvent", InTransaction)

// CreateTrainingEvent records a training, lecture or research event organised by a
// kindergarten (its admin) or a bureau (for its region).
func (a *App) CreateTrainingEvent(ctx context.Context, p *policy.Principal, in domain.TrainingEventInput) (*domain.TrainingEvent, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	e := &domain.TrainingEvent{ID: in.ID, Attendance: []domain.Attendance{}}
	if err := a.applyTrainingEvent(ctx, p, e, &in); err != nil {
		return nil, err
	}
	e.CreatedBy, e.InputHash = p.UserID, domain.Fingerprint(in)
	stored, _, err := a.Store.CreateTrainingEvent(ctx, e)
	return stored, err
}

func (a *App) applyTrainingEvent(ctx context.Context, p *policy.Principal, e *domain.TrainingEvent, in *domain.TrainingEventInput) error {
	var kg *domain.Kindergarten
	if in.OrganizerKindergartenID != nil {
		k, err := lookupRef(ctx, "input.organizerKindergartenId", "kindergarten", *in.OrganizerKindergartenID, a.Store.Kindergarten)
		if err != nil {
			return err
		}
		kg = k
		e.OrganizerKindergartenID, e.OrganizerRegionCode, e.OrganizerPath = k.ID, "", k.RegionPath
	} else {
		if _, err := lookupRef(ctx, "input.organizerRegionCode", "region", *in.OrganizerRegionCode, a.Store.Region); err != nil {
			return err
		}
		e.OrganizerKindergartenID, e.OrganizerRegionCode, e.OrganizerPath = "", *in.OrganizerRegionCode, domain.RegionPath(*in.OrganizerRegionCode)
	}
	if !policy.CanOrganizeTraining(p, kg, e.OrganizerRegionCode) {
		return domain.Forbidden("you cannot organise events for this organiser")
	}
	if in.PairingIDs != nil {
		// The pairings an event serves involve its organising kindergarten, or lie in the
		// organising bureau's region.
		ids := []string{}
		for i, id := range in.PairingIDs {
			field := fmt.Sprintf("input.pairingIds[%d]", i)
			pr, err := lookupRef(ctx, field, "pairing", id, a.visiblePairing(p))
			if err != nil {
				return err
			}
			_, involved := pr.SideOf(e.OrganizerKindergartenID)
			if !involved && (e.OrganizerRegionCode == "" || !slices.Contains(pr.RegionPath, e.OrganizerRegionCode)) {
				return domain.Invalid(field, "is not a pairing of the event's organiser")
			}
			if !slices.Contains(ids, pr.ID) {
				ids = append(ids, pr.ID)
			}
		}
		e.PairingIDs = ids
	}
	e.Title, e.Type, e.Date, e.Semester, e.Hours = in.Title, in.Type, in.Date, domain.SemesterOf(in.Date), in.Hours
	e.Place, e.Description = str(in.Place), str(in.Description)
	for i := range e.Attendance {
		if e.Attendance[i].Hours > e.Hours {
			e.Attendance[i].Hours = e.Hours
		}
	}
	rescopeEvent(e)
	return nil
}

// rescopeEvent recomputes who an event involves: its organiser and every attendee's
// kindergarten (each attendance entry carries its teacher's region path).
func rescopeEvent(e *domain.TrainingEvent) {
	ids := []string{}
	if e.OrganizerKindergartenID != "" {
		ids = append(ids, e.OrganizerKindergartenID)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	path := append([]string{}, e.OrganizerPath...)
	for _, at := range e.Attendance {
		if !seen[at.KindergartenID] {
			seen[at.KindergartenID] = true
			ids = append(ids, at.KindergartenID)
		}
		path = append(path, at.RegionPath...)
	}
	e.KindergartenIDs = ids
	e.RegionPath = domain.UnionPaths(path...)
}

var _ = mutation("updateTrainingEvent", InTransaction)

// UpdateTrainingEvent replaces an event's details, keeping its attendance.
func (a *App) UpdateTrainingEvent(ctx context.Context, p *policy.Principal, in domain.TrainingEventInput) (*domain.TrainingEvent, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if _, err := a.TrainingEvent(ctx, p, in.ID); err != nil {
		return nil, err
	}
	return a.Store.UpdateTrainingEvent(ctx, in.ID, func(e *domain.TrainingEvent) error {
		if !policy.CanManageTrainingEvent(p, e) {
			return domain.Forbidden("only the organiser can change this event")
		}
		return a.applyTrainingEvent(ctx, p, e, &in)
	})
}

var _ = mutation("setTrainingAttendance", InTransaction)

// SetTrainingAttendance replaces an event's attendance list with these teachers (the
// organiser takes it, and may send it again: the result is the same).
func (a *App) SetTrainingAttendance(ctx context.Context, p *policy.Principal, eventID string, entries []*domain.AttendanceInput) (*domain.TrainingEvent, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	cur, err := a.TrainingEvent(ctx, p, eventID)
	if err != nil {
		return nil, err
	}
	if err := domain.ValidateAttendance(entries, cur.Hours); err != nil {
		return nil, err
	}
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.TeacherID
	}
	teachers, err := a.Store.TeachersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	may, err := a.mayAttend(ctx, cur)
	if err != nil {
		return nil, err
	}
	list := make([]domain.Attendance, 0, len(entries))
	for i, e := range entries {
		t := teachers[e.TeacherID]
		if t == nil || !may(t) {
			// One answer for a teacher who does not exist and one who may not attend: the
			// organiser learns nothing of other kindergartens' staff.
			return nil, refError(fmt.Sprintf("attendance[%d].teacherId", i), "teacher", e.TeacherID)
		}
		h := cur.Hours
		if e.Hours != nil {
			h = *e.Hours
		}
		list = append(list, domain.Attendance{TeacherID: t.ID, KindergartenID: t.KindergartenID, RegionPath: t.RegionPath, Hours: h})
	}
	return a.Store.UpdateTrainingEvent(ctx, eventID, func(e *domain.TrainingEvent) error {
		if !policy.CanManageTrainingEvent(p, e) {
			return domain.Forbidden("only the organiser takes this event's attendance")
		}
		e.Attendance = list
		rescopeEvent(e)
		return nil
	})
}

// mayAttend says which teachers an event's attendance may list: a kindergarten's event,
// the teachers of that kindergarten and of those paired with it; a bureau's, the
// teachers of its region.
func (a *App) mayAttend(ctx context.Context, e *domain.TrainingEvent) (func(*domain.Teacher) bool, error) {
	switch {
	case e.OrganizerKindergartenID != "":
		paired, err := a.Store.PairedKindergartenIDs(ctx, e.OrganizerKindergartenID)
		if err != nil {
			return nil, err
		}
		return func(t *domain.Teacher) bool { return slices.Contains(paired, t.KindergartenID) }, nil
	case e.OrganizerRegionCode != "":
		return func(t *domain.Teacher) bool { return slices.Contains(t.RegionPath, e.OrganizerRegionCode) }, nil
	}
	return func(*domain.Teacher) bool { return true }, nil
}

var _ = mutation("deleteTrainingEvent", InTransaction)

// DeleteTrainingEvent soft-deletes an event; only its organiser or an admin may.
func (a *App) DeleteTrainingEvent(ctx context.Context, p *policy.Principal, id string) (*domain.TrainingEvent, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if _, err := a.TrainingEvent(ctx, p, id); err != nil {
		return nil, err
	}
	return a.Store.UpdateTrainingEvent(ctx, id, func(e *domain.TrainingEvent) error {
		if !policy.CanManageTrainingEvent(p, e) {
			return domain.Forbidden("only the organiser can delete this event")
		}
		now := domain.Now()
		e.DeletedAt = &now
		return nil
	})
}

// TrainingEvent returns one event the caller may see.
func (a *App) TrainingEvent(ctx context.Context, p *policy.Principal, id string) (*domain.TrainingEvent, error) {
	return visible(ctx, p, "training event", id, a.Store.TrainingEvent,
		always(func(e *domain.TrainingEvent) bool { return policy.SeesTrainingEvent(p, e) }))
}

// TrainingEvents lists the events in the caller's scope.
func (a *App) TrainingEvents(ctx context.Context, p *policy.Principal, f *domain.TrainingEventFilter, sortBy string, desc bool, first int, after string) (*storage.Page[domain.TrainingEvent], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	return a.Store.ListTrainingEvents(ctx, sc, f, sortBy, desc, first, after)
}

// VisibleAttendance filters an event's attendance to the entries the caller may see.
func (a *App) VisibleAttendance(p *policy.Principal, e *domain.TrainingEvent) ([]domain.Attendance, error) {
	out := make([]domain.Attendance, 0, len(e.Attendance))
	for _, at := range e.Attendance {
		ok, err := policy.SeesAttendee(p, e, at)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, at)
		}
	}
	return out, nil
}
