package domain

import (
	"strings"
	"testing"
)

// A password longer than bcrypt reads is refused with words, not accepted and then
// failing as an internal error.
func TestPasswordsAreRefusedPastWhatBcryptReads(t *testing.T) {
	for p, ok := range map[string]bool{
		"abc123def4":                       true,
		strings.Repeat("a1", 36):           true,  // 72 bytes
		strings.Repeat("a1", 36) + "x":     false, // 73
		strings.Repeat("a1", 64):           false, // 128, allowed before
		"我的密码是" + strings.Repeat("安全1", 6): true,  // 15 + 6×7 = 57 bytes
		strings.Repeat("密码1", 10):          true,  // 70 bytes
		strings.Repeat("密码安全", 7) + "1":    false, // 85 bytes
		"short1":                           false,
	} {
		err := CheckPassword(p)
		if (err == nil) != ok {
			t.Errorf("%q (%d bytes): %v", p, len(p), err)
		}
	}
}
