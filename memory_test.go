package zendesk

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"
)

// TestListAllMemoryIsFlat walks 40,000 tickets served page by page as they are asked for, and
// checks that the live heap stays about one page big whatever the total: ListAll holds one
// page, and the page decoder never buffers more than a ticket of the body.
//
// Kept whole, 40,000 tickets would hold tens of MiB, far over the bound. It takes a third of a
// second; under -short it is skipped, and with the race detector (ten times slower) it walks
// 10,000 tickets.
func TestListAllMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 40,000 tickets")
	}
	pages, perPage := 400, 100
	if raceEnabled {
		pages = 100
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("page[after]"))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"tickets":[`)
		for i := range perPage {
			if i > 0 {
				fmt.Fprint(w, ",")
			}
			id := n*perPage + i + 1
			fmt.Fprintf(w, `{"id":%d,"subject":"ticket %d","status":"open","tags":["a","b"],"custom_fields":[{"id":1,"value":"%d"}],"via":{"channel":"web","source":{"from":{},"to":{},"rel":null}}}`, id, id, id)
		}
		fmt.Fprintf(w, `],"meta":{"has_more":%t,"after_cursor":"%d"}}`, n+1 < pages, n+1)
	}))
	defer srv.Close()
	c, err := NewClient("", WithBaseURL(srv.URL), WithHTTPClient(srv.Client()), WithAPIToken("a@example.com", "t"))
	if err != nil {
		t.Fatal(err)
	}
	base := heapInUse()
	var peak uint64
	var count int
	for tk, err := range c.Tickets.ListAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		count++
		if tk.ID != int64(count) {
			t.Fatalf("ticket %d has id %d", count, tk.ID)
		}
		if count%(50*perPage) == perPage/2 { // mid-page, every 50 pages
			peak = max(peak, heapInUse())
		}
	}
	if count != pages*perPage {
		t.Fatalf("%d tickets, want %d", count, pages*perPage)
	}
	const bound = 8 << 20
	if peak > base+bound {
		t.Errorf("live heap reached %d KiB over the %d KiB at the start, want under %d KiB", (peak-base)>>10, base>>10, bound>>10)
	}
	t.Logf("live heap: %d KiB at the start, at most %d KiB while iterating %d tickets", base>>10, peak>>10, count)
}

// heapInUse collects garbage and returns the bytes of the heap in use (HeapInuse): the live
// heap the memory tests and benchmarks sample.
func heapInUse() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}
