// Command photos measures the photo flow on a real MinIO: phones asking for tickets,
// uploading straight to MinIO and completing (the server checking, stripping and
// shrinking each photo), against the same bytes sent with plain minio-go PutObject, in
// one run. It prints photos per second for both and their ratio, the server's CPU time
// per photo for camera originals (12 MP) and for photos the phone app has shrunk
// (1600 px), and the peak heap while completing 8 at once.
//
//	go run ./bench/photos [-n 200] [-clients 8]
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/photos/phototest"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
	"github.com/handinhand/handinhand/storage/miniotest"
)

func main() {
	n := flag.Int("n", 200, "photos per run")
	clients := flag.Int("clients", 8, "concurrent clients")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			log.Fatal(err)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	env := &benchTB{}
	defer env.cleanup()
	ctx := context.Background()

	m := miniotest.Start(env)
	dir := env.TempDir()
	store, err := storage.Open(ctx, storage.Config{DataDir: dir, Logger: quiet()})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close(ctx)
	a := app.New(store, quiet())
	a.PasswordCost = 4
	if _, err := demo.Load(ctx, a); err != nil {
		log.Fatal(err)
	}
	key, _ := app.SignerKey(ctx, store)
	a.Signer = storage.Signer{Key: key}
	if a.Photos, err = storage.NewMinIOPhotos(ctx, m.Config); err != nil {
		log.Fatal(err)
	}
	teacher, err := a.Login(ctx, demo.UserTeacher, demo.Password, "")
	if err != nil {
		log.Fatal(err)
	}
	p, err := a.Authenticate(ctx, teacher.Token)
	if err != nil {
		log.Fatal(err)
	}
	mc, err := minio.New(m.Config.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(m.Config.AccessKey, m.Config.SecretKey, "")})
	if err != nil {
		log.Fatal(err)
	}

	fmt.Printf("photo flow benchmark: %d photos, %d concurrent clients, %d CPUs\n\n", *n, *clients, runtime.NumCPU())
	for _, size := range []struct {
		name string
		w, h int
	}{{"12 MP camera original (4000×3000)", 4000, 3000}, {"1600 px, as the phone app sends", 1600, 1200}} {
		bases := makeBases(size.w, size.h, 4)
		fmt.Printf("== %s: %.2f MB each\n", size.name, float64(len(bases[0]))/(1<<20))
		plain := run(*n, *clients, bases, func(i int, data []byte) error {
			_, err := mc.PutObject(ctx, m.Config.Bucket, fmt.Sprintf("plain/%d-%d", size.w, i), bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{ContentType: "image/jpeg"})
			return err
		})
		session := newSession(ctx, a, p)
		var peak atomic.Uint64
		stop := sampleHeap(&peak)
		flow := run(*n, *clients, bases, func(i int, data []byte) error { return phoneFlow(ctx, a, p, session, data) })
		stop()
		fmt.Printf("plain PutObject:        %7.2f photos/s\n", plain.rate)
		fmt.Printf("ticket+upload+complete: %7.2f photos/s\n", flow.rate)
		fmt.Printf("ratio (target ≥ 0.70):  %7.2f\n", flow.rate/plain.rate)
		fmt.Printf("server CPU per photo:   %7.1f ms (process CPU during the flow minus the plain run's, per photo)\n",
			float64((flow.cpu-plain.cpu).Milliseconds())/float64(*n))
		fmt.Printf("peak heap while completing %d at once: %.0f MB\n\n", *clients, float64(peak.Load())/(1<<20))
		if flow.errs > 0 || plain.errs > 0 {
			fmt.Printf("ERRORS: flow %d, plain %d\n", flow.errs, plain.errs)
			pprof.StopCPUProfile()
			os.Exit(1)
		}
	}
}

// phoneFlow is what the phone does for one photo: ticket, PUT, complete.
func phoneFlow(ctx context.Context, a *app.App, p *policy.Principal, session string, data []byte) error {
	t, err := a.RequestPhotoUpload(ctx, p, domain.PhotoUploadInput{ID: uuid.NewString(), SubjectID: session, ContentType: "image/jpeg", Size: len(data)})
	if err != nil {
		return err
	}
	req, _ := http.NewRequestWithContext(ctx, t.Method, t.URL, bytes.NewReader(data))
	for k, v := range t.Headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		return fmt.Errorf("upload: %s", res.Status)
	}
	ph, err := a.CompletePhotoUpload(ctx, p, t.Photo.ID)
	if err != nil {
		return err
	}
	if ph.Status != domain.PhotoReady {
		return fmt.Errorf("photo %s", ph.Status)
	}
	return nil
}

type result struct {
	rate float64
	cpu  time.Duration
	errs int
}

// run sends n photos with the given number of workers, each a distinct variant of the
// base images, and measures the rate and the process CPU time used.
func run(n, workers int, bases [][]byte, send func(int, []byte) error) result {
	jobs := make(chan int)
	var errs atomic.Int64
	var wg sync.WaitGroup
	cpu0 := cpuTime()
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := send(i, variant(bases[i%len(bases)], i)); err != nil {
					if errs.Add(1) == 1 {
						log.Printf("error: %v", err)
					}
				}
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	el := time.Since(start)
	return result{rate: float64(n) / el.Seconds(), cpu: cpuTime() - cpu0, errs: int(errs.Load())}
}

func newSession(ctx context.Context, a *app.App, p *policy.Principal) string {
	s, err := a.LogTeachingSession(ctx, p, domain.TeachingSessionInput{ID: uuid.NewString(), PairingID: demo.TeacherPairing,
		Date: domain.DateOf(domain.Now()).AddDays(-1), Hours: 1, Type: domain.SessionMonthlyVisit})
	if err != nil {
		log.Fatal(err)
	}
	return s.ID
}

// makeBases encodes k different w×h photos with camera-like detail (~3–4 MB at 12 MP).
func makeBases(w, h, k int) [][]byte {
	out := make([][]byte, k)
	var wg sync.WaitGroup
	for j := range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[j] = phototest.DetailedJPEG(w, h, j)
		}()
	}
	wg.Wait()
	return out
}

// variant makes the bytes distinct (a numbered JPEG comment after SOI), so that no two
// uploads are deduplicated, without changing the pixels.
func variant(base []byte, i int) []byte {
	com := []byte(fmt.Sprintf("bench photo %d", i))
	out := make([]byte, 0, len(base)+len(com)+4)
	out = append(out, base[:2]...)
	out = append(out, 0xFF, 0xFE)
	out = binary.BigEndian.AppendUint16(out, uint16(len(com)+2))
	out = append(out, com...)
	return append(out, base[2:]...)
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// sampleHeap records the peak heap in use until the returned stop is called.
func sampleHeap(peak *atomic.Uint64) func() {
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() { close(done) }
}

func quiet() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}

// benchTB lets the test helpers run outside a test.
type benchTB struct{ cleanups []func() }

func (b *benchTB) Helper()                           {}
func (b *benchTB) Fatal(args ...any)                 { log.Fatal(args...) }
func (b *benchTB) Fatalf(format string, args ...any) { log.Fatalf(format, args...) }
func (b *benchTB) Cleanup(f func())                  { b.cleanups = append(b.cleanups, f) }
func (b *benchTB) TempDir() string {
	d, err := os.MkdirTemp("", "handinhand-bench-")
	if err != nil {
		log.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(d) })
	return d
}
func (b *benchTB) cleanup() {
	for i := len(b.cleanups) - 1; i >= 0; i-- {
		b.cleanups[i]()
	}
}
