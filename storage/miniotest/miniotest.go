// Package miniotest runs a real MinIO server for tests, on a free loopback port with
// throwaway credentials, and can stop and restart it to test outages. The binary is the
// pinned release that scripts/test.sh installs.
package miniotest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/handinhand/handinhand/storage"
)

// TB is the part of testing.TB the server needs, so that benchmarks can use it too.
type TB interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	TempDir() string
	Cleanup(func())
}

// Server is one running MinIO.
type Server struct {
	Config storage.MinIOConfig
	bin    string
	dir    string
	cmd    *exec.Cmd
	tb     TB
}

// binary finds the minio executable: on PATH or where go install puts it.
func binary() (string, error) {
	if p, err := exec.LookPath("minio"); err == nil {
		return p, nil
	}
	for _, dir := range []string{os.Getenv("GOBIN"), filepath.Join(os.Getenv("GOPATH"), "bin"), filepath.Join(os.Getenv("HOME"), "go", "bin")} {
		if dir == "" {
			continue
		}
		if p := filepath.Join(dir, "minio"); fileExists(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("minio is not installed; scripts/test.sh installs the pinned version")
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// Start runs MinIO until the test ends.
func Start(tb TB) *Server {
	tb.Helper()
	bin, err := binary()
	if err != nil {
		tb.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := &Server{bin: bin, dir: tb.TempDir(), tb: tb, Config: storage.MinIOConfig{
		Endpoint: addr, AccessKey: "test-access", SecretKey: "test-secret-key-123", Bucket: "test-photos"}}
	s.Restart()
	tb.Cleanup(s.Stop)
	return s
}

// Stop kills the server (as an outage would).
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		s.cmd = nil
	}
}

// Restart starts the server again on the same address and data, and waits until it
// can serve requests (liveness comes earlier, while the object layer is still starting).
func (s *Server) Restart() {
	s.tb.Helper()
	cmd := exec.Command(s.bin, "server", s.dir, "--address", s.Config.Endpoint, "--console-address", "127.0.0.1:0", "--quiet")
	cmd.Env = append(os.Environ(), "MINIO_ROOT_USER="+s.Config.AccessKey, "MINIO_ROOT_PASSWORD="+s.Config.SecretKey,
		"MINIO_BROWSER=off", "MINIO_UPDATE=off")
	if err := cmd.Start(); err != nil {
		s.tb.Fatalf("start minio: %v", err)
	}
	s.cmd = cmd
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + s.Config.Endpoint + "/minio/health/cluster")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.tb.Fatal("minio did not become ready within 60 s")
}
