package zendesk_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// The bulk benchmark creates 10,000 tickets on the fake server with Zendesk-like delays: every
// answer takes benchLatency, every job benchJob. It takes about a minute and a half, so it runs
// only when asked for by name:
//
//	go test -run '^$' -bench '^BenchmarkBulk$' -benchtime 1x
const (
	bulkTickets     = 10_000
	benchLatency    = 50 * time.Millisecond
	benchJob        = 200 * time.Millisecond
	benchConcurrent = 10 // jobs (or single creates) at once, for every form
)

// benchPoll polls jobs often enough that polling adds little to benchJob.
var benchPoll = &zendesk.WaitOptions{MinInterval: 25 * time.Millisecond, MaxInterval: 50 * time.Millisecond}

func bulkRequests() []zendesk.TicketRequest {
	out := make([]zendesk.TicketRequest, bulkTickets)
	for i := range out {
		out[i] = zendesk.TicketRequest{Subject: zendesk.Set("bulk " + strconv.Itoa(i)), Comment: &zendesk.Comment{Body: "b"}}
	}
	return out
}

// BenchmarkBulk compares three ways of creating 10,000 tickets. The bound each could reach,
// with L the latency, J the job duration and C the concurrency (10):
//   - CreateAll: 100 jobs, C at a time, each at least J + L (the job ends J after it arrived;
//     the poll that sees it takes L): ceil(100/C) × (J + L) = 2.5 s.
//   - Singles: 10,000 creates, C at a time, each L: 10,000/C × L = 50 s.
//   - Sequential CreateMany + Wait: 100 × (J + L) = 25 s.
func BenchmarkBulk(b *testing.B) {
	ctx := context.Background()
	run := func(b *testing.B, f func(c *zendesk.Client, reqs []zendesk.TicketRequest)) {
		for b.Loop() {
			b.StopTimer()
			srv := zendesktest.NewServer(zendesktest.WithLatency(benchLatency), zendesktest.WithJobDuration(benchJob))
			c, err := srv.Client()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := c.JobStatuses.Get(ctx, "warm-up"); err == nil { // fetches the OAuth token
				b.Fatal("warm-up job found")
			}
			reqs := bulkRequests()
			b.StartTimer()
			f(c, reqs)
			b.StopTimer()
			if n := srv.TicketCount(); n != bulkTickets {
				b.Fatalf("the server holds %d tickets, want %d", n, bulkTickets)
			}
			srv.Close()
			b.StartTimer()
		}
	}
	b.Run("CreateAll", func(b *testing.B) {
		run(b, func(c *zendesk.Client, reqs []zendesk.TicketRequest) {
			results, err := c.Tickets.CreateAll(ctx, reqs, &zendesk.BulkOptions{Concurrency: benchConcurrent, Wait: benchPoll})
			if err != nil || len(results) != bulkTickets {
				b.Fatal(err)
			}
		})
	})
	b.Run("Singles", func(b *testing.B) {
		run(b, func(c *zendesk.Client, reqs []zendesk.TicketRequest) {
			work := make(chan int)
			var wg sync.WaitGroup
			for range benchConcurrent {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range work {
						if _, _, err := c.Tickets.Create(ctx, &reqs[i]); err != nil {
							b.Error(err)
						}
					}
				}()
			}
			for i := range reqs {
				work <- i
			}
			close(work)
			wg.Wait()
		})
	})
	b.Run("Sequential", func(b *testing.B) {
		run(b, func(c *zendesk.Client, reqs []zendesk.TicketRequest) {
			for lo := 0; lo < len(reqs); lo += 100 {
				js, err := c.Tickets.CreateMany(ctx, reqs[lo:min(lo+100, len(reqs))])
				if err == nil {
					_, err = c.JobStatuses.WaitWith(ctx, js.ID, benchPoll)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}
