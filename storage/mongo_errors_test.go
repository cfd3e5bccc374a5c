package storage

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/handinhand/handinhand/domain"
)

// A database that answers too slowly for the caller's time is said to be slow, not gone
// (a first start loading the demo on a slow database was told "not reachable"); one the
// driver cannot reach at all is said to be unreachable.
func TestASlowDatabaseIsNotCalledUnreachable(t *testing.T) {
	slow := mwrap(fmt.Errorf("insert: %w", context.DeadlineExceeded))
	if domain.CodeOf(slow) != domain.CodeUnavailable || !strings.Contains(slow.Error(), "too slowly") {
		t.Errorf("a deadline while the database answered: %v", slow)
	}
	// Nothing listens on this port: the driver finds no server.
	c, err := mongo.Connect(options.Client().ApplyURI("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300&connectTimeoutMS=300"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Disconnect(context.Background())
	err = c.Database("x").Collection("y").FindOne(context.Background(), map[string]any{}).Err()
	gone := mwrap(err)
	if domain.CodeOf(gone) != domain.CodeUnavailable || !strings.Contains(gone.Error(), "not reachable") {
		t.Errorf("no server at all (%v): %v", err, gone)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err = c.Database("x").Collection("y").FindOne(ctx, map[string]any{}).Err()
	if gone := mwrap(err); !strings.Contains(gone.Error(), "not reachable") {
		t.Errorf("no server within the caller's time (%v): %v", err, gone)
	}
}
