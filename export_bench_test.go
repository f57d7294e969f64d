package zendesk

// The incremental export at scale: 1,000,000 generated tickets at 1,000 a page, through the
// SDK and through plain net/http + encoding/json into plain structs, on the same pages. See
// README.md, "Performance", for the command and figures.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// exportServer serves incremental/tickets/cursor.json over total generated tickets, perPage a
// page: each a copy of testdata/ticket.json (compact, as Zendesk sends it, ~40 keys, custom
// fields of every type) with an id of its own. The cursor is the page's number. Pages are
// written as they are asked for, so the server holds one ticket's template, not the export.
// It returns the server and the bytes of one page.
func exportServer(tb testing.TB, total, perPage int) (*httptest.Server, int) {
	tb.Helper()
	var inner struct {
		Ticket json.RawMessage `json:"ticket"`
	}
	if err := json.Unmarshal(fixture(tb, "ticket.json"), &inner); err != nil {
		tb.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, inner.Ticket); err != nil {
		tb.Fatal(err)
	}
	before, after, ok := bytes.Cut(compact.Bytes(), []byte(`"id":35436,`))
	if !ok {
		tb.Fatal("no id in testdata/ticket.json")
	}
	pages := (total + perPage - 1) / perPage
	page := func(buf []byte, n int) []byte {
		buf = append(buf, `{"tickets":[`...)
		for i := n * perPage; i < min((n+1)*perPage, total); i++ {
			if i > n*perPage {
				buf = append(buf, ',')
			}
			buf = append(buf, before...)
			buf = append(buf, `"id":`...)
			buf = strconv.AppendInt(buf, int64(i+1), 10)
			buf = append(buf, ',')
			buf = append(buf, after...)
		}
		return fmt.Appendf(buf, `],"after_url":"https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=%d&per_page=%d",`+
			`"after_cursor":"%d","before_url":null,"before_cursor":"%d","end_of_stream":%t}`, n+1, perPage, n+1, n, n+1 >= pages)
	}
	size := len(page(nil, 0))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		buf := page(make([]byte, 0, size+64), n)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(buf)))
		_, _ = w.Write(buf)
	}))
	tb.Cleanup(srv.Close)
	return srv, size
}

// plainExportPage is the baseline's decoding of one incremental export page.
type plainExportPage struct {
	Tickets     []plainTicket `json:"tickets"`
	AfterCursor *string       `json:"after_cursor"`
	EndOfStream bool          `json:"end_of_stream"`
}

// heapSampler measures the heap in use (after a collection) above where it started, at most
// every sampleEvery pages, with the benchmark's timer stopped.
type heapSampler struct {
	b          *testing.B
	base, peak uint64
}

const sampleEvery = 100

func newHeapSampler(b *testing.B) *heapSampler {
	s := &heapSampler{b: b}
	s.base = s.inUse()
	return s
}

func (s *heapSampler) inUse() uint64 {
	s.b.StopTimer()
	defer s.b.StartTimer()
	return heapInUse()
}

func (s *heapSampler) sample() {
	if in := s.inUse(); in > s.base {
		s.peak = max(s.peak, in-s.base)
	}
}

// BenchmarkIncrementalExport exports 1,000,000 tickets at 1,000 a page (1,000 requests), the
// SDK with Incremental.TicketPages and the baseline with a loop of its own, and reports the
// tickets decoded a second and the peak heap in use above the start while exporting, in bytes
// and in pages (the bytes of one page on the wire). Run it with -benchtime 1x: one export
// takes seconds.
func BenchmarkIncrementalExport(b *testing.B) {
	const total, perPage = 1_000_000, 1000
	srv, pageBytes := exportServer(b, total, perPage)
	c, hc := benchClients(b, srv)
	ctx := context.Background()
	report := func(b *testing.B, start time.Time, hs *heapSampler) {
		b.ReportMetric(float64(total*b.N)/time.Since(start).Seconds(), "tickets/s")
		b.ReportMetric(float64(hs.peak), "peak-heap-B")
		b.ReportMetric(float64(hs.peak)/float64(pageBytes), "peak-heap-pages")
	}
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(pageBytes) * (total / perPage))
		hs := newHeapSampler(b)
		start := time.Now()
		for b.Loop() {
			n, pages := 0, 0
			for p, err := range c.Incremental.TicketPages(ctx, &IncrementalOptions{StartTime: time.Unix(1, 0), PerPage: perPage}) {
				if err != nil {
					b.Fatal(err)
				}
				n += len(p.Tickets)
				if pages++; pages%sampleEvery == sampleEvery/2 {
					hs.sample()
				}
			}
			if n != total {
				b.Fatalf("%d tickets", n)
			}
		}
		report(b, start, hs)
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(pageBytes) * (total / perPage))
		hs := newHeapSampler(b)
		start := time.Now()
		for b.Loop() {
			n, pages := 0, 0
			u := srv.URL + "/api/v2/incremental/tickets/cursor.json?per_page=1000&start_time=1"
			for {
				var p plainExportPage
				if err := plainDo(ctx, hc, http.MethodGet, u, nil, 200, &p); err != nil {
					b.Fatal(err)
				}
				n += len(p.Tickets)
				if pages++; pages%sampleEvery == sampleEvery/2 {
					hs.sample()
				}
				if p.EndOfStream || p.AfterCursor == nil {
					break
				}
				u = srv.URL + "/api/v2/incremental/tickets/cursor.json?per_page=1000&cursor=" + *p.AfterCursor
			}
			if n != total {
				b.Fatalf("%d tickets", n)
			}
		}
		report(b, start, hs)
	})
}

// TestIncrementalExportMemoryIsFlat exports 20,000 tickets of testdata/ticket.json's size at
// 1,000 a page and checks that the live heap stays within about two pages (the bytes of one
// page on the wire: the page being used, and the next being decoded), whatever the total.
// Under -short it is skipped; with the race detector it exports 5,000.
func TestIncrementalExportMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("exports 20,000 tickets")
	}
	total, perPage := 20_000, 1000
	if raceEnabled {
		total = 5000
	}
	srv, pageBytes := exportServer(t, total, perPage)
	c, err := NewClient("", WithBaseURL(srv.URL), WithHTTPClient(srv.Client()), WithAPIToken("a@example.com", "t"))
	if err != nil {
		t.Fatal(err)
	}
	base := heapInUse()
	var peak uint64
	n := 0
	for p, err := range c.Incremental.TicketPages(context.Background(), &IncrementalOptions{StartTime: time.Unix(1, 0), PerPage: perPage}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Tickets[0].ID != int64(n+1) {
			t.Fatalf("page starts at ticket %d, want %d", p.Tickets[0].ID, n+1)
		}
		n += len(p.Tickets)
		peak = max(peak, heapInUse())
	}
	if n != total {
		t.Fatalf("%d tickets, want %d", n, total)
	}
	over := float64(peak-min(peak, base)) / float64(pageBytes)
	if over > 2.5 {
		t.Errorf("live heap reached %.1f pages (%d KiB) over the start, want about 2 at most", over, (peak-min(peak, base))>>10)
	}
	t.Logf("live heap: at most %d KiB over the %d KiB at the start, %.2f pages of %d KiB, exporting %d tickets",
		(peak-min(peak, base))>>10, base>>10, over, pageBytes>>10, n)
}
