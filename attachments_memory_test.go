package zendesk_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// transferSize is the file that TestUploadAndDownloadStream sends and fetches.
const transferSize = 64 << 20

// heapBound is how much the live heap may grow during one transfer of transferSize.
const heapBound = 16 << 20

// heapWatch samples the live heap (after a collection) every `every` bytes of a transfer and
// keeps the highest.
type heapWatch struct {
	every, next int64
	base, peak  uint64
	alloc0      uint64 // TotalAlloc at the start
}

func newHeapWatch(every int64) *heapWatch {
	w := &heapWatch{every: every, next: every}
	w.base, w.alloc0 = liveHeap()
	return w
}

// liveHeap collects garbage and returns HeapInuse and TotalAlloc.
func liveHeap() (inuse, total uint64) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse, ms.TotalAlloc
}

// allocated returns the bytes allocated since the start (both sides of the transfer).
func (w *heapWatch) allocated() uint64 {
	_, total := liveHeap()
	return total - w.alloc0
}

// at is told the bytes moved so far and samples when another `every` have gone by.
func (w *heapWatch) at(done int64) {
	if done >= w.next {
		w.next += w.every
		inuse, _ := liveHeap()
		w.peak = max(w.peak, inuse)
	}
}

func (w *heapWatch) grown() uint64 {
	if w.peak < w.base {
		return 0
	}
	return w.peak - w.base
}

// pattern is the byte at offset i of the test file.
func pattern(i int64) byte { return byte(i%251) ^ byte(i>>20) }

// patternReader produces n bytes of pattern without holding them, and tells w as it goes. It
// has no Seek: the upload streams it once.
type patternReader struct {
	off, n int64
	w      *heapWatch
}

func (r *patternReader) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n-r.off)]
	for i := range p {
		p[i] = pattern(r.off + int64(i))
	}
	r.off += int64(len(p))
	r.w.at(r.off)
	return len(p), nil
}

// watchedFile is an *os.File (so a seeker, sent with its length) whose reads tell w.
type watchedFile struct {
	*os.File
	off int64
	w   *heapWatch
}

func (f *watchedFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.off += int64(n)
	f.w.at(f.off)
	return n, err
}

// patternChecker is a writer that checks every byte against pattern and tells w.
type patternChecker struct {
	off int64
	w   *heapWatch
	bad int64 // offset+1 of the first wrong byte
}

func (c *patternChecker) Write(p []byte) (int, error) {
	for i, b := range p {
		if c.bad == 0 && b != pattern(c.off+int64(i)) {
			c.bad = c.off + int64(i) + 1
		}
	}
	c.off += int64(len(p))
	c.w.at(c.off)
	return len(p), nil
}

// TestUploadAndDownloadStream uploads a 64 MiB file to zendesktest, once from a reader that
// cannot seek and once from an *os.File, and downloads it again from the attachment host,
// sampling the live heap every 4 MiB: neither direction may grow it by 16 MiB, which holding
// the file (or a large part of it) would. The heap is the whole process's, the fake's side
// of the transfer included. It takes about a second; under -short it is skipped.
//
//	go test -run TestUploadAndDownloadStream -v .
func TestUploadAndDownloadStream(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 64 MiB three times")
	}
	s, c := zendesktest.Start(t, zendesktest.WithMaxUploadSize(transferSize+1))
	ctx := context.Background()
	opts := &zendesk.UploadOptions{ContentType: "application/octet-stream"}

	check := func(name string, w *heapWatch) {
		t.Helper()
		t.Logf("%s: live heap %d KiB at the start, grew by at most %d KiB; %d KiB allocated in all",
			name, w.base>>10, w.grown()>>10, w.allocated()>>10)
		if w.grown() >= heapBound {
			t.Errorf("%s grew the live heap by %d KiB, want under %d KiB", name, w.grown()>>10, heapBound>>10)
		}
	}

	w := newHeapWatch(4 << 20)
	up, err := c.Attachments.Upload(ctx, "big.bin", &patternReader{n: transferSize, w: w}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if up.Attachment.Size != transferSize {
		t.Fatalf("uploaded %d bytes, want %d", up.Attachment.Size, transferSize)
	}
	check(fmt.Sprintf("upload of %d MiB from a reader", transferSize>>20), w)

	path := filepath.Join(t.TempDir(), "big.bin")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(f, &patternReader{n: transferSize, w: &heapWatch{next: 1 << 62}}); err != nil {
		t.Fatal(err)
	}
	f.Seek(0, io.SeekStart)
	w = newHeapWatch(4 << 20)
	up2, err := c.Attachments.Upload(ctx, "big2.bin", &watchedFile{File: f, w: w}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if up2.Attachment.Size != transferSize {
		t.Fatalf("uploaded %d bytes from the file, want %d", up2.Attachment.Size, transferSize)
	}
	check(fmt.Sprintf("upload of %d MiB from an *os.File", transferSize>>20), w)

	w = newHeapWatch(4 << 20)
	out := &patternChecker{w: w}
	n, err := c.Attachments.Download(ctx, up.Attachment.ContentURL, out)
	if err != nil || n != transferSize || out.bad != 0 {
		t.Fatalf("Download = %d bytes, %v (first wrong byte at %d)", n, err, out.bad-1)
	}
	check(fmt.Sprintf("download of %d MiB", transferSize>>20), w)
	if reqs := s.AttachmentHostRequests(); len(reqs) != 1 || reqs[0].Header.Get("Authorization") != "" {
		t.Errorf("attachment host requests = %+v", reqs)
	}
}
