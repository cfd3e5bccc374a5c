// Package apptest gives the tests of app/ and server/ the demo region on a real embedded
// store, and small worlds of their own in it: records a test makes there disturb no other
// test.
package apptest

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/httpapi"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/protect"
	"github.com/handinhand/handinhand/storage/storagetest"
)

// MasterKeyFile holds the master key of DemoApp's children's keys.
var MasterKeyFile string

var (
	once   sync.Once
	shared *app.App
	err    error
)

// Logger logs errors only, to the test's output.
func Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}

// DemoApp is the demo region on a real embedded store with photos on disk, loaded once for a test binary (it
// takes seconds). Tests that change records make their own, with fresh ids.
func DemoApp(tb testing.TB) *app.App {
	tb.Helper()
	once.Do(func() {
		store := storagetest.Open(&keepAlive{TB: tb})
		a := app.New(store, Logger())
		a.PasswordCost = 4 // bcrypt's minimum: the tests log in many times
		// Photos on the disk store, as the embedded default keeps them.
		if err = httpapi.SetupPhotos(context.Background(), a, httpapi.PhotoConfig{DataDir: (&keepAlive{TB: tb}).TempDir()}); err != nil {
			return
		}
		// The children's keys, under a master key of the test's own, in a file as a server
		// reads it (MasterKeyFile).
		MasterKeyFile = filepath.Join((&keepAlive{TB: tb}).TempDir(), "master.key")
		var master protect.MasterKey
		if master, err = protect.WriteNewMasterKey(MasterKeyFile); err != nil {
			return
		}
		if a.Keys, err = protect.Open(context.Background(), a.Store, master, protect.AES256GCM); err != nil {
			return
		}
		if _, err = demo.Load(context.Background(), a); err != nil {
			return
		}
		shared = a
	})
	if err != nil {
		tb.Fatalf("the demo: %v", err)
	}
	return shared
}

// keepAlive lets the shared store outlive the test that happened to open it.
type keepAlive struct{ testing.TB }

func (k *keepAlive) Cleanup(func()) {}
func (k *keepAlive) TempDir() string {
	d, err := os.MkdirTemp("", "handinhand-test-")
	if err != nil {
		k.TB.Fatal(err)
	}
	return d
}

// Admin is the principal of an admin.
func Admin() *policy.Principal { return &policy.Principal{UserID: "admin", Role: domain.RoleAdmin} }

// SignIn signs username in and returns the session's token and the principal it stands for.
func SignIn(tb testing.TB, a *app.App, username, password string) (string, *policy.Principal) {
	tb.Helper()
	ctx := context.Background()
	s, err := a.Login(ctx, username, password, "")
	if err != nil {
		tb.Fatalf("sign in %s: %v", username, err)
	}
	p, err := a.Authenticate(ctx, s.Token)
	if err != nil {
		tb.Fatalf("authenticate %s: %v", username, err)
	}
	return s.Token, p
}

// World is a pairing of two new kindergartens in the demo bureau's county, with an admin
// signed in at each.
type World struct {
	Pairing, Supporting, Partner string
	// The admins' tokens and principals.
	SupporterToken, PartnerToken string
	Supporter, PartnerAdmin      *policy.Principal
}

// NewWorld makes a World.
func NewWorld(tb testing.TB, a *app.App) World {
	tb.Helper()
	ctx, adm := context.Background(), Admin()
	tag := uuid.NewString()[:6]
	kg := func(name string, setting domain.Setting) string {
		k, err := a.CreateKindergarten(ctx, adm, domain.KindergartenInput{Name: name + tag, RegionCode: demo.CountyGuangrao,
			Setting: setting, Ownership: domain.OwnershipPublic, Level: domain.LevelUnrated})
		if err != nil {
			tb.Fatal(err)
		}
		return k.ID
	}
	w := World{Supporting: kg("探针城区幼儿园", domain.SettingUrban), Partner: kg("探针村幼儿园", domain.SettingVillage)}
	active := domain.PairingActive
	pr, err := a.CreatePairing(ctx, adm, domain.PairingInput{Name: "探针结对" + tag, SupportingKindergartenID: w.Supporting,
		PartnerKindergartenIDs: []string{w.Partner}, Start: "2025-09-01", End: "2029-07-15", Status: &active})
	if err != nil {
		tb.Fatal(err)
	}
	w.Pairing = pr.ID
	user := func(kg string) (string, *policy.Principal) {
		name, pw, keep := "probe-"+uuid.NewString()[:8], "probe-password-1", false
		if _, err := a.CreateUser(ctx, adm, domain.UserInput{Username: name, DisplayName: "探针园长", Password: &pw,
			Role: domain.RoleKindergartenAdmin, KindergartenID: &kg, MustChangePassword: &keep}); err != nil {
			tb.Fatal(err)
		}
		return SignIn(tb, a, name, pw)
	}
	w.SupporterToken, w.Supporter = user(w.Supporting)
	w.PartnerToken, w.PartnerAdmin = user(w.Partner)
	return w
}
