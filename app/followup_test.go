package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/handinhand/handinhand/app/apptest"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
)

// A session takes a bounded number of reflections and of their text; a kept one sent again
// is kept once, one beyond is refused in words.
func TestASessionTakesBoundedReflections(t *testing.T) {
	a, ctx := apptest.DemoApp(t), context.Background()
	_, teacher := apptest.SignIn(t, a, demo.UserTeacher, demo.Password)
	lesson := func() string {
		t.Helper()
		topic := "有界的反思"
		s, err := a.LogTeachingSession(ctx, teacher, domain.TeachingSessionInput{ID: uuid.NewString(), PairingID: demo.TeacherPairing,
			Date: domain.DateOf(domain.Now()).AddDays(-2), Hours: 1, Type: domain.SessionDemonstrationClass, Topic: &topic,
			TeacherIDs: []string{teacher.TeacherID}})
		if err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	add := func(session, id, text string) error {
		_, err := a.AddReflection(ctx, teacher, session, id, domain.ReflectionNotes, text)
		return err
	}
	short := lesson()
	first := uuid.NewString()
	for i := range domain.MaxReflectionsPerSession {
		id := uuid.NewString()
		if i == 0 {
			id = first
		}
		if err := add(short, id, "听课笔记"); err != nil {
			t.Fatal(err)
		}
	}
	err := add(short, uuid.NewString(), "再多一条")
	var de *domain.Error
	if domain.CodeOf(err) != domain.CodeBadUserInput || !strings.Contains(err.Error(), "30") {
		t.Errorf("one reflection too many: %v", err)
	} else if de, _ = err.(*domain.Error); de == nil || !strings.Contains(de.MessageZh(), "最多") {
		t.Errorf("the refusal in Chinese: %v", err)
	}
	if err := add(short, first, "听课笔记"); err != nil {
		t.Errorf("sending a kept one again: %v", err)
	}
	long := lesson()
	for range domain.MaxAddedText / domain.MaxText {
		if err := add(long, uuid.NewString(), strings.Repeat("长", domain.MaxText)); err != nil {
			t.Fatal(err)
		}
	}
	if err := add(long, uuid.NewString(), "短"); domain.CodeOf(err) != domain.CodeBadUserInput {
		t.Errorf("text beyond the record's room: %v", err)
	}
}
