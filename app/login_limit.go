package app

import (
	"math"
	"sync"
	"time"

	"github.com/handinhand/handinhand/domain"
)

// loginLimiter slows down password guessing, per account and per client address: after
// a few failures each further attempt must wait twice as long as the last, up to a
// quarter of an hour. A success clears the account's count. Unknown usernames count
// like known ones, so the answer never tells whether a user exists.
type loginLimiter struct {
	mu      sync.Mutex
	entries map[string]*loginFailures
}

type loginFailures struct {
	count int
	until time.Time // no attempt before this
	last  time.Time
}

const maxLoginWait = 15 * time.Minute

func newLoginLimiter() *loginLimiter {
	return &loginLimiter{entries: map[string]*loginFailures{}}
}

// check refuses an attempt while any of its keys must wait.
func (l *loginLimiter) check(keys ...string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	for _, k := range keys {
		if e := l.entries[k]; e != nil && now.Before(e.until) {
			wait := int(math.Ceil(e.until.Sub(now).Seconds()))
			return &domain.Error{Code: domain.CodeRateLimited,
				Message: "too many failed logins; wait " + time.Duration(wait*int(time.Second)).String() + " and try again"}
		}
	}
	return nil
}

// hasFailed says whether key has failures on record.
func (l *loginLimiter) hasFailed(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.entries[key]
	return e != nil && e.count > 0
}

// failed counts a failed attempt against every key; the first free ones are free.
func (l *loginLimiter) failed(free int, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	l.prune(now)
	for _, k := range keys {
		e := l.entries[k]
		if e == nil {
			e = &loginFailures{}
			l.entries[k] = e
		}
		e.count++
		e.last = now
		if over := e.count - free; over >= 0 {
			wait := time.Second << min(over, 20)
			e.until = now.Add(min(wait, maxLoginWait))
		}
	}
}

// succeeded clears an account's failures.
func (l *loginLimiter) succeeded(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.entries, key)
}

// prune forgets entries idle for an hour, so the table cannot grow without end.
func (l *loginLimiter) prune(now time.Time) {
	if len(l.entries) < 10000 {
		return
	}
	for k, e := range l.entries {
		if now.Sub(e.last) > time.Hour {
			delete(l.entries, k)
		}
	}
}
