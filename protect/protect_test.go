package protect_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/protect"
	"github.com/handinhand/handinhand/storage/storagetest"
)

func masterKey(t *testing.T) protect.MasterKey {
	t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	k, err := protect.NewMasterKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A value sealed under either algorithm opens only for the record and field it was sealed
// for, holds none of its plaintext, and is found again by its keyed hash.
func TestSealedValuesOpenOnlyWhereTheyBelong(t *testing.T) {
	for _, alg := range []protect.Algorithm{protect.AES256GCM, protect.SM4GCM} {
		t.Run(string(alg), func(t *testing.T) {
			ctx := context.Background()
			store := storagetest.Open(t)
			kr, err := protect.Open(ctx, store, masterKey(t), alg)
			if err != nil {
				t.Fatal(err)
			}
			id := "370523202001011234"
			sealed, err := kr.Seal(id, "child:c1:idNumber")
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(sealed, id) || strings.Contains(sealed, hex.EncodeToString([]byte(id))) {
				t.Fatalf("the sealed value shows its plaintext: %s", sealed)
			}
			again, _ := kr.Seal(id, "child:c1:idNumber")
			if again == sealed {
				t.Error("sealing twice gave the same text: the nonce is not fresh")
			}
			if got, err := kr.Open(sealed, "child:c1:idNumber"); err != nil || got != id {
				t.Errorf("opened: %q %v", got, err)
			}
			if _, err := kr.Open(sealed, "child:c2:idNumber"); !errors.Is(err, protect.ErrDamaged) {
				t.Errorf("opened for another child: %v", err)
			}
			tampered := sealed[:len(sealed)-2] + map[bool]string{true: "AA", false: "BB"}[!strings.HasSuffix(sealed, "AA")]
			if _, err := kr.Open(tampered, "child:c1:idNumber"); !errors.Is(err, protect.ErrDamaged) {
				t.Errorf("opened an altered value: %v", err)
			}
			if v, err := kr.Seal("", "x"); v != "" || err != nil {
				t.Errorf("an empty value: %q %v", v, err)
			}
			if kr.Lookup("idNumber", id) != kr.Lookup("idNumber", id) || kr.Lookup("idNumber", id) == kr.Lookup("phone", id) {
				t.Error("the keyed hash is not one per kind and value")
			}
		})
	}
}

// The store keeps its keys wrapped: the same master key opens them again, another is
// refused, and re-wrapping under a new master key keeps every value readable.
func TestKeysOpenOnlyWithTheirMasterKeyAndRewrap(t *testing.T) {
	ctx := context.Background()
	store := storagetest.Open(t)
	first := masterKey(t)
	kr, err := protect.Open(ctx, store, first, protect.AES256GCM)
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := kr.Seal("13800000000", "guardian:g1:phone")
	hash := kr.Lookup("idNumber", "x")
	// A second server on the same store, or the next start, opens the same keys.
	kr2, err := protect.Open(ctx, store, first, protect.SM4GCM)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := kr2.Open(sealed, "guardian:g1:phone"); err != nil || v != "13800000000" || kr2.Lookup("idNumber", "x") != hash {
		t.Fatalf("the next start: %q %v", v, err)
	}
	if _, err := protect.Open(ctx, store, masterKey(t), protect.AES256GCM); !errors.Is(err, protect.ErrWrongMasterKey) {
		t.Errorf("another master key: %v", err)
	}
	next := masterKey(t)
	if err := protect.Rewrap(ctx, store, masterKey(t), next); !errors.Is(err, protect.ErrWrongMasterKey) {
		t.Errorf("re-wrapping with the wrong old key: %v", err)
	}
	if err := protect.Rewrap(ctx, store, first, next); err != nil {
		t.Fatal(err)
	}
	if _, err := protect.Open(ctx, store, first, protect.AES256GCM); !errors.Is(err, protect.ErrWrongMasterKey) {
		t.Errorf("the old master key after re-wrapping: %v", err)
	}
	kr3, err := protect.Open(ctx, store, next, protect.AES256GCM)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := kr3.Open(sealed, "guardian:g1:phone"); err != nil || v != "13800000000" || kr3.Lookup("idNumber", "x") != hash {
		t.Errorf("after re-wrapping: %q %v", v, err)
	}
}

// The master key file holds 32 bytes (hexadecimal or base64) and lives outside the data
// directory.
func TestTheMasterKeyFile(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	_ = os.MkdirAll(data, 0o700)
	path := filepath.Join(dir, "master.key")
	k, err := protect.WriteNewMasterKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("the key file is %v", fi.Mode().Perm())
	}
	read, err := protect.ReadMasterKey(path, data)
	if err != nil || read.ID != k.ID {
		t.Fatalf("read back: %v %v", read.ID, err)
	}
	inside := filepath.Join(data, "master.key")
	_, _ = protect.WriteNewMasterKey(inside)
	if _, err := protect.ReadMasterKey(inside, data); err == nil || !strings.Contains(err.Error(), "inside the data directory") {
		t.Errorf("a key file inside the data directory: %v", err)
	}
	for _, bad := range []string{"", "short", strings.Repeat("z", 64)} {
		_ = os.WriteFile(path, []byte(bad), 0o600)
		if _, err := protect.ReadMasterKey(path, data); err == nil {
			t.Errorf("a key file holding %q was taken", bad)
		}
	}
}
