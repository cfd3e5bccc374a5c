// Package protect keeps children's protected fields (ID numbers, phones, addresses,
// categories, guardians, bank accounts, visit findings) encrypted by the application,
// the same on every store: a value is sealed before it reaches SQLite, MongoDB or the photo
// store and opened only in memory.
//
// Envelope encryption: values are sealed with a data key (AES-256-GCM by default, SM4-GCM
// where national algorithms are required), each sealed value naming its key; the data
// keys are kept in the store only wrapped by the master key, which is read from a file
// outside the data directory (HANDINHAND_MASTER_KEY_FILE) and never stored. Changing the
// master key re-wraps the data keys; the sealed values stay as they are. Equality look-ups
// (one child by ID number) use a keyed hash with a key of its own, never the plaintext.
package protect

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/emmansun/gmsm/sm4"

	"github.com/handinhand/handinhand/domain"
)

// Algorithm is a data key's cipher.
type Algorithm string

const (
	AES256GCM Algorithm = "AES-256-GCM"
	SM4GCM    Algorithm = "SM4-GCM"
)

// keySize is a data key's length: 32 bytes for AES-256, 16 for SM4.
func (a Algorithm) keySize() int {
	if a == SM4GCM {
		return 16
	}
	return 32
}

func (a Algorithm) aead(key []byte) (cipher.AEAD, error) {
	var block cipher.Block
	var err error
	switch a {
	case AES256GCM:
		block, err = aes.NewCipher(key)
	case SM4GCM:
		block, err = sm4.NewCipher(key)
	default:
		return nil, fmt.Errorf("unknown algorithm %q", a)
	}
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// ParseAlgorithm reads a configured algorithm ("" is AES-256-GCM).
func ParseAlgorithm(s string) (Algorithm, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "AES", "AES-256-GCM", "AES256GCM":
		return AES256GCM, nil
	case "SM4", "SM4-GCM", "SM4GCM":
		return SM4GCM, nil
	}
	return "", fmt.Errorf("unknown algorithm %q: AES-256-GCM or SM4-GCM", s)
}

// MasterKey is the key that wraps the data keys, with an id derived from it (so a store
// says which master key its keys need without holding anything that opens them).
type MasterKey struct {
	key []byte
	ID  string
}

// NewMasterKey makes a master key from 32 bytes.
func NewMasterKey(b []byte) (MasterKey, error) {
	if len(b) != 32 {
		return MasterKey{}, fmt.Errorf("a master key is 32 bytes, not %d", len(b))
	}
	mac := hmac.New(sha256.New, b)
	mac.Write([]byte("handinhand master key id"))
	return MasterKey{key: bytes.Clone(b), ID: hex.EncodeToString(mac.Sum(nil)[:8])}, nil
}

// ReadMasterKey reads a master key file: 64 hexadecimal digits or 32 bytes in base64
// (surrounding white space ignored). A file inside dataDir is refused: a key kept beside
// the data it protects protects nothing (a backup of the directory would carry both).
func ReadMasterKey(path, dataDir string) (MasterKey, error) {
	if dataDir != "" {
		if inside(path, dataDir) {
			return MasterKey{}, fmt.Errorf("the master key file %s is inside the data directory %s: keep it elsewhere (a backup of the data must not carry its key)", path, dataDir)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return MasterKey{}, fmt.Errorf("the master key file: %w", err)
	}
	return parseMasterKey(b)
}

func parseMasterKey(b []byte) (MasterKey, error) {
	s := strings.TrimSpace(string(b))
	if k, err := hex.DecodeString(s); err == nil && len(k) == 32 {
		return NewMasterKey(k)
	}
	if k, err := base64.StdEncoding.DecodeString(s); err == nil && len(k) == 32 {
		return NewMasterKey(k)
	}
	return MasterKey{}, errors.New("the master key file must hold 32 bytes as 64 hexadecimal digits (openssl rand -hex 32) or in base64")
}

// inside reports whether path lies within dir.
func inside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// WriteNewMasterKey writes a fresh master key file (hexadecimal, readable by its owner
// only) and returns the key.
func WriteNewMasterKey(path string) (MasterKey, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return MasterKey{}, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(b)+"\n"), 0o600); err != nil {
		return MasterKey{}, err
	}
	return NewMasterKey(b)
}

// Settings is where the wrapped keys are kept: the store's settings (insert-once read, and
// replace).
type Settings interface {
	Setting(ctx context.Context, name string, def []byte) ([]byte, error)
	SetSetting(ctx context.Context, name string, value []byte) error
}

// settingName is the setting that holds the wrapped keys.
const settingName = "protect.keys"

// stored is the keys as the store keeps them: wrapped, with the id of the master key that
// wraps them.
type stored struct {
	Master  string      `json:"master"`
	Current string      `json:"current"`
	Keys    []storedKey `json:"keys"`
	// Lookup is the wrapped key of the keyed hash.
	Lookup string `json:"lookup"`
}

type storedKey struct {
	ID        string    `json:"id"`
	Algorithm Algorithm `json:"algorithm"`
	Wrapped   string    `json:"wrapped"`
}

// SettingName is the setting that holds a store's wrapped keys (a backup carries it).
const SettingName = settingName

// MasterOf names the master key that wraps the keys a setting holds ("" if none).
func MasterOf(setting []byte) string {
	var st stored
	if json.Unmarshal(setting, &st) != nil {
		return ""
	}
	return st.Master
}

// Keyring holds the unwrapped data keys, in memory only.
type Keyring struct {
	mu      sync.RWMutex
	current string
	keys    map[string]cipher.AEAD
	lookup  []byte
}

// ErrWrongMasterKey: the configured master key does not open the store's keys.
var ErrWrongMasterKey = &domain.Error{Code: domain.CodeUnavailable,
	Message: "the master key (HANDINHAND_MASTER_KEY_FILE) does not open this store's keys: it is not the key the store's data was protected with"}

// Open reads the store's keys and unwraps them with the master key; a store without keys
// gets new ones under alg (two servers starting at once agree on the first stored).
func Open(ctx context.Context, s Settings, master MasterKey, alg Algorithm) (*Keyring, error) {
	fresh, err := newKeys(master, alg)
	if err != nil {
		return nil, err
	}
	raw, err := s.Setting(ctx, settingName, fresh)
	if err != nil {
		return nil, err
	}
	var st stored
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, fmt.Errorf("the stored keys cannot be read: %w", err)
	}
	return unwrap(master, &st)
}

// newKeys makes a data key and a look-up key, wrapped by master.
func newKeys(master MasterKey, alg Algorithm) ([]byte, error) {
	st := stored{Master: master.ID}
	k := storedKey{ID: newKeyID(), Algorithm: alg}
	var err error
	if k.Wrapped, err = wrap(master, k.ID, random(alg.keySize())); err != nil {
		return nil, err
	}
	st.Keys, st.Current = []storedKey{k}, k.ID
	if st.Lookup, err = wrap(master, "lookup", random(32)); err != nil {
		return nil, err
	}
	return json.Marshal(st)
}

func unwrap(master MasterKey, st *stored) (*Keyring, error) {
	if st.Master != master.ID {
		return nil, ErrWrongMasterKey
	}
	kr := &Keyring{current: st.Current, keys: map[string]cipher.AEAD{}}
	for _, k := range st.Keys {
		key, err := unwrapKey(master, k.ID, k.Wrapped)
		if err != nil {
			return nil, ErrWrongMasterKey
		}
		if kr.keys[k.ID], err = k.Algorithm.aead(key); err != nil {
			return nil, err
		}
	}
	lookup, err := unwrapKey(master, "lookup", st.Lookup)
	if err != nil {
		return nil, ErrWrongMasterKey
	}
	kr.lookup = lookup
	if kr.keys[kr.current] == nil {
		return nil, errors.New("the stored keys name a current key they do not hold")
	}
	return kr, nil
}

// Rewrap wraps the store's keys under a new master key: every sealed value stays readable
// and nothing else is rewritten. Run with the old key's file and the new one's.
func Rewrap(ctx context.Context, s Settings, old, next MasterKey) error {
	raw, err := s.Setting(ctx, settingName, nil)
	if err != nil {
		return err
	}
	var st stored
	if len(raw) == 0 || json.Unmarshal(raw, &st) != nil {
		return errors.New("the store holds no protected keys to re-wrap")
	}
	if st.Master != old.ID {
		return ErrWrongMasterKey
	}
	out := st
	out.Master, out.Keys = next.ID, nil
	for _, k := range st.Keys {
		key, err := unwrapKey(old, k.ID, k.Wrapped)
		if err != nil {
			return ErrWrongMasterKey
		}
		if k.Wrapped, err = wrap(next, k.ID, key); err != nil {
			return err
		}
		out.Keys = append(out.Keys, k)
	}
	lookup, err := unwrapKey(old, "lookup", st.Lookup)
	if err != nil {
		return ErrWrongMasterKey
	}
	if out.Lookup, err = wrap(next, "lookup", lookup); err != nil {
		return err
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	return s.SetSetting(ctx, settingName, b)
}

// wrap seals a key under the master key, bound to its id.
func wrap(master MasterKey, id string, key []byte) (string, error) {
	a, err := AES256GCM.aead(master.key)
	if err != nil {
		return "", err
	}
	nonce := random(a.NonceSize())
	return base64.StdEncoding.EncodeToString(a.Seal(nonce, nonce, key, []byte("key:"+id))), nil
}

func unwrapKey(master MasterKey, id, wrapped string) ([]byte, error) {
	a, err := AES256GCM.aead(master.key)
	if err != nil {
		return nil, err
	}
	b, err := base64.StdEncoding.DecodeString(wrapped)
	if err != nil || len(b) < a.NonceSize() {
		return nil, errors.New("a wrapped key is damaged")
	}
	return a.Open(nil, b[:a.NonceSize()], b[a.NonceSize():], []byte("key:"+id))
}

func random(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's random source failed: nothing can be protected
	}
	return b
}

func newKeyID() string { return hex.EncodeToString(random(6)) }

// prefix marks a sealed value: "hp1." then the key's id, ".", and base64 (URL alphabet,
// unpadded) of the nonce and ciphertext.
const prefix = "hp1."

// Seal encrypts a value for the record and field it belongs to (bound, as associated data,
// so a sealed value copied into another record or field does not open there). An empty
// value stays empty.
func (k *Keyring) Seal(value, boundTo string) (string, error) {
	if value == "" {
		return "", nil
	}
	k.mu.RLock()
	id, a := k.current, k.keys[k.current]
	k.mu.RUnlock()
	nonce := random(a.NonceSize())
	sealed := a.Seal(nonce, nonce, []byte(value), []byte(boundTo))
	return prefix + id + "." + base64.RawURLEncoding.EncodeToString(sealed), nil
}

// ErrDamaged: a sealed value does not open (altered, moved to another record, or sealed
// with a key the store does not hold).
var ErrDamaged = &domain.Error{Code: domain.CodeInternal, Message: "a protected value cannot be opened: it was altered or belongs elsewhere"}

// Open decrypts a value sealed for boundTo.
func (k *Keyring) Open(sealed, boundTo string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	rest, ok := strings.CutPrefix(sealed, prefix)
	id, body, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 {
		return "", ErrDamaged
	}
	k.mu.RLock()
	a := k.keys[id]
	k.mu.RUnlock()
	b, err := base64.RawURLEncoding.DecodeString(body)
	if a == nil || err != nil || len(b) < a.NonceSize() {
		return "", ErrDamaged
	}
	plain, err := a.Open(nil, b[:a.NonceSize()], b[a.NonceSize():], []byte(boundTo))
	if err != nil {
		return "", ErrDamaged
	}
	return string(plain), nil
}

// Lookup is the keyed hash by which a value is found without decrypting (one child by ID
// number): the same value gives the same hash, and nobody without the key can compute it
// from a guess.
func (k *Keyring) Lookup(kind, value string) string {
	mac := hmac.New(sha256.New, k.lookup)
	mac.Write([]byte(kind))
	mac.Write([]byte{0})
	mac.Write([]byte(value))
	return hex.EncodeToString(mac.Sum(nil))
}
