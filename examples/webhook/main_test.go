package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestRun runs the example as `go run ./examples/webhook` does and checks that every event
// came through the receiver, verified, decoded and in order.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatalf("run: %v\n%s", err, &out)
	}
	want := []string{
		"the receiver verified and handled 5 events:",
		`ticket.created                   #1 "Printer on fire" status new, tags [printer]`,
		`ticket.comment_added             #1 "Printer on fire" by Default Agent (public true): "Put out with the extinguisher."`,
		`ticket.status_changed            #1 "Printer on fire" new → solved`,
		`ticket.agent_assignment_changed  #1 "Printer on fire" assignee 3600000000`,
		`ticket.tags_changed              #1 "Printer on fire" added [extinguished], removed []`,
	}
	at := 0
	for _, w := range want {
		i := strings.Index(out.String()[at:], w)
		if i < 0 {
			t.Fatalf("output lacks %q after what came before:\n%s", w, &out)
		}
		at += i + len(w)
	}
}

func TestRun_CanceledContextFails(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := run(ctx, new(bytes.Buffer)); err == nil {
		t.Fatal("run with a canceled context succeeded")
	}
}
