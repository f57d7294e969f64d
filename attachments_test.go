package zendesk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// onlyReader hides every method of its reader but Read, as a pipe or a network body would.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestAttachmentsOnTheWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{name: "Get", method: "GET", path: "attachments/36000412529201.json", status: 200, answer: "attachment.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return s.client.Attachments.Get(ctx, 36000412529201)
			},
			check: func(t *testing.T, got any) {
				a := got.(*Attachment)
				if a.ID != 36000412529201 || a.FileName != "crash.log" || a.ContentType != "text/plain" || a.Size != 2532 ||
					a.Width != 0 || a.Thumbnails == nil || len(a.Thumbnails) != 0 || a.MalwareScanResult != "malware_not_found" ||
					!strings.HasSuffix(a.ContentURL, "?name=crash.log") || a.MappedContentURL != a.ContentURL {
					t.Errorf("attachment = %+v", a)
				}
			}},
		{name: "DeleteUpload", method: "DELETE", path: "uploads/6bk3gql82em5nmf.json", status: 204,
			call: func(ctx context.Context, s *TicketsService) (any, error) {
				return nil, s.client.Attachments.DeleteUpload(ctx, "6bk3gql82em5nmf")
			}},
	})
}

// uploadCase is one upload: what goes in, and the content type and bytes that must go out.
type uploadCase struct {
	name     string
	filename string
	body     func() io.Reader
	opts     *UploadOptions
	query    string
	ctype    string
	sent     string
}

func TestUploadOnTheWire(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n" + strings.Repeat("p", 600)
	long := strings.Repeat("0123456789", 100) // over the 512 bytes sniffed
	atOffset := func() io.Reader {
		r := strings.NewReader("skip" + long)
		r.Seek(4, io.SeekStart)
		return r
	}
	cases := []uploadCase{
		{name: "type from the extension", filename: "invoice.pdf", body: func() io.Reader { return strings.NewReader("%PDF-1.7 x") },
			query: "filename=invoice.pdf", ctype: "application/pdf", sent: "%PDF-1.7 x"},
		{name: "type from the option", filename: "invoice.pdf", body: func() io.Reader { return strings.NewReader("x") },
			opts: &UploadOptions{ContentType: "application/x-custom; v=1"}, query: "filename=invoice.pdf",
			ctype: "application/x-custom; v=1", sent: "x"},
		{name: "sniffed from a reader, first bytes kept", filename: "screenshot", body: func() io.Reader { return onlyReader{strings.NewReader(png)} },
			query: "filename=screenshot", ctype: "image/png", sent: png},
		{name: "sniffed from a short reader", filename: "notes", body: func() io.Reader { return onlyReader{strings.NewReader("hello")} },
			query: "filename=notes", ctype: "text/plain; charset=utf-8", sent: "hello"},
		{name: "sniffed from a seeker, read from where it stands", filename: "digits", body: atOffset,
			query: "filename=digits", ctype: "text/plain; charset=utf-8", sent: long},
		{name: "empty", filename: "empty.bin", body: func() io.Reader { return strings.NewReader("") },
			query: "filename=empty.bin", ctype: "application/octet-stream", sent: ""},
		{name: "more files on a token, odd name", filename: "a b&c.txt", body: func() io.Reader { return strings.NewReader("x") },
			opts: &UploadOptions{Token: "6bk3gql82em5nmf"}, query: "filename=a+b%26c.txt&token=6bk3gql82em5nmf",
			ctype: "text/plain; charset=utf-8", sent: "x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := setup(t)
			rec := on(t, mock, "POST", "/api/v2/uploads.json", func(r *http.Request) (*http.Response, error) {
				resp, err := respondFixture(t, 201, "upload.json")(r)
				resp.Header.Set("Content-Type", "text/plain; charset=utf-8") // as real answers come
				return resp, err
			})
			up, err := c.Attachments.Upload(context.Background(), tc.filename, tc.body(), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			req := rec.last(t)
			wantQuery(t, req.URL, tc.query)
			if got := req.Header.Get("Content-Type"); got != tc.ctype {
				t.Errorf("Content-Type = %q, want %q", got, tc.ctype)
			}
			if string(req.Body) != tc.sent {
				t.Errorf("body = %.60q (%d bytes), want %.60q (%d bytes)", req.Body, len(req.Body), tc.sent, len(tc.sent))
			}
			if up.Token != "6bk3gql82em5nmf" || !up.ExpiresAt.Equal(time.Date(2026, 3, 8, 9, 20, 11, 0, time.UTC)) ||
				up.Attachment == nil || up.Attachment.ID != 36000412530101 || up.Attachment.Width != 640 ||
				len(up.Attachments) != 2 || up.Attachments[0].FileName != "invoice.pdf" || len(up.Attachments[1].Thumbnails) != 1 {
				t.Errorf("upload = %+v", up)
			}
		})
	}
}

// TestUploadRetriesOnlyWhatCanBeReadAgain: after a 429 or 503 a seeker is sent again with the
// same bytes from the same starting point (and a Content-Length), while a plain reader is sent
// once and the answer is the error.
func TestUploadRetriesOnlyWhatCanBeReadAgain(t *testing.T) {
	data := strings.Repeat("file content ", 5000)
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte("head"+data), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, status := range []int{429, 503} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			for _, kind := range []string{"*os.File", "*bytes.Reader"} {
				t.Run(kind, func(t *testing.T) {
					var r io.Reader
					if kind == "*os.File" {
						f, err := os.Open(path)
						if err != nil {
							t.Fatal(err)
						}
						defer f.Close()
						f.Seek(4, io.SeekStart)
						r = f
					} else {
						r = bytes.NewReader([]byte(data))
					}
					c, mock := setup(t)
					rec := on(t, mock, "POST", "/api/v2/uploads.json",
						respond(status, `{"error":"TooManyRequests"}`, "Retry-After", "0"), respondFixture(t, 201, "upload.json"))
					if _, err := c.Attachments.Upload(context.Background(), "notes.txt", r, nil); err != nil {
						t.Fatal(err)
					}
					reqs := rec.all()
					if len(reqs) != 2 {
						t.Fatalf("%d requests, want 2", len(reqs))
					}
					for i, req := range reqs {
						if string(req.Body) != data {
							t.Errorf("attempt %d sent %d bytes, want the %d of the file", i, len(req.Body), len(data))
						}
					}
				})
			}
			t.Run("plain reader", func(t *testing.T) {
				c, mock := setup(t)
				rec := on(t, mock, "POST", "/api/v2/uploads.json",
					respond(status, `{"error":"TooManyRequests"}`, "Retry-After", "7"), respondFixture(t, 201, "upload.json"))
				_, err := c.Attachments.Upload(context.Background(), "notes.txt", onlyReader{strings.NewReader(data)}, nil)
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != status || apiErr.RetryAfter != 7*time.Second {
					t.Fatalf("err = %v, want the %d", err, status)
				}
				if n := rec.count(); n != 1 {
					t.Errorf("%d requests, want 1", n)
				}
				if got := rec.last(t).Body; string(got) != data {
					t.Errorf("sent %d bytes, want %d", len(got), len(data))
				}
			})
		})
	}
}

// TestUploadSendsContentLengthForSeekers: the length of a seeker is known and sent; a plain
// reader goes chunked.
func TestUploadSendsContentLengthForSeekers(t *testing.T) {
	var mu sync.Mutex
	var lengths []int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		lengths = append(lengths, r.ContentLength, int64(len(b)))
		mu.Unlock()
		w.WriteHeader(201)
		w.Write(fixture(t, "upload.json"))
	}))
	defer srv.Close()
	c, err := NewClient("", WithBaseURL(srv.URL), WithAPIToken("a@example.com", "t"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Attachments.Upload(ctx, "a.txt", strings.NewReader("hello world"), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Attachments.Upload(ctx, "a.txt", onlyReader{strings.NewReader("hello world")}, nil); err != nil {
		t.Fatal(err)
	}
	if want := []int64{11, 11, -1, 11}; !equalInts(lengths, want) {
		t.Errorf("Content-Length and bytes = %v, want %v", lengths, want)
	}
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestUploadOneShotIsNotResentAfter401: with OAuth, a 401 makes the client fetch a fresh token
// and send again; a body that cannot be rewound is not sent a second time, half empty.
func TestUploadOneShotIsNotResentAfter401(t *testing.T) {
	var mu sync.Mutex
	var uploads, tokens int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/tokens" {
			mu.Lock()
			tokens++
			n := tokens
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"tok%d","token_type":"bearer","expires_in":3600}`, n)
			return
		}
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		uploads++
		mu.Unlock()
		w.WriteHeader(401)
		io.WriteString(w, `{"error":"Couldn't authenticate you"}`)
	}))
	defer srv.Close()
	c, err := NewClient("", WithBaseURL(srv.URL), WithClientCredentials("id", "secret", "write"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Attachments.Upload(context.Background(), "a.txt", onlyReader{strings.NewReader("x")}, nil)
	if !errors.Is(err, ErrUnauthorized) || uploads != 1 {
		t.Errorf("err = %v after %d uploads, want a 401 after 1", err, uploads)
	}
	uploads = 0
	_, err = c.Attachments.Upload(context.Background(), "a.txt", strings.NewReader("x"), nil)
	if !errors.Is(err, ErrUnauthorized) || uploads != 2 {
		t.Errorf("seeker: err = %v after %d uploads, want a 401 after 2", err, uploads)
	}
}

// fileServer is an httptest server that records the Authorization header of every request
// and serves "file:<path>" (or redirects where a route says).
type fileServer struct {
	*httptest.Server
	mu    sync.Mutex
	auths []string
	route map[string]string // path → Location of a 302
}

func newFileServer(t *testing.T) *fileServer {
	fs := &fileServer{route: map[string]string{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		fs.auths = append(fs.auths, r.Header.Get("Authorization"))
		loc := fs.route[r.URL.Path]
		fs.mu.Unlock()
		switch {
		case loc != "":
			http.Redirect(w, r, loc, http.StatusFound)
		case strings.Contains(r.URL.Path, "missing"):
			http.Error(w, "no such file", http.StatusNotFound)
		default:
			io.WriteString(w, "file:"+r.URL.Path)
		}
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *fileServer) seen() []string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return append([]string(nil), fs.auths...)
}

// TestDownloadKeepsCredentialsOnTheOrigin: the API's origin gets the credentials; another
// origin, a redirect to one, and everything after leaving the origin do not.
func TestDownloadKeepsCredentialsOnTheOrigin(t *testing.T) {
	api, files := newFileServer(t), newFileServer(t)
	api.route["/attachments/token/away/"] = files.URL + "/stored/away"
	api.route["/attachments/token/round/"] = files.URL + "/back"
	files.route["/back"] = api.URL + "/attachments/token/home/"
	c, err := NewClient("", WithBaseURL(api.URL), WithAPIToken("agent@example.com", "s3cr3t-token"))
	if err != nil {
		t.Fatal(err)
	}
	const auth = "Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46czNjcjN0LXRva2Vu"
	cases := []struct {
		name, url, body string
		apiAuths        []string
		fileAuths       []string
	}{
		{"the API's origin", api.URL + "/attachments/token/own/?name=a.txt", "file:/attachments/token/own/", []string{auth}, nil},
		{"another origin", files.URL + "/stored/x?name=a.txt", "file:/stored/x", nil, []string{""}},
		{"a redirect away", api.URL + "/attachments/token/away/?name=a.txt", "file:/stored/away", []string{auth}, []string{""}},
		{"away and back", api.URL + "/attachments/token/round/", "file:/attachments/token/home/", []string{auth, ""}, []string{""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			beforeAPI, beforeFiles := len(api.seen()), len(files.seen())
			var buf bytes.Buffer
			n, err := c.Attachments.Download(context.Background(), tc.url, &buf)
			if err != nil || buf.String() != tc.body || n != int64(len(tc.body)) {
				t.Fatalf("Download = %d, %q, %v; want %q", n, buf.String(), err, tc.body)
			}
			if got := api.seen()[beforeAPI:]; !equalStrings(got, tc.apiAuths) {
				t.Errorf("the API's origin saw Authorization %q, want %q", got, tc.apiAuths)
			}
			if got := files.seen()[beforeFiles:]; !equalStrings(got, tc.fileAuths) {
				t.Errorf("the other origin saw Authorization %q, want %q", got, tc.fileAuths)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || strings.Join(a, "\x00") == strings.Join(b, "\x00"))
}

func TestDownloadErrors(t *testing.T) {
	api := newFileServer(t)
	c, err := NewClient("", WithBaseURL(api.URL), WithAPIToken("agent@example.com", "s3cr3t-token"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var buf bytes.Buffer
	n, err := c.Attachments.Download(ctx, api.URL+"/attachments/token/SECRETTOKEN/missing?name=a.txt", &buf)
	var apiErr *APIError
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &apiErr) || n != 0 || buf.Len() != 0 {
		t.Fatalf("Download = %d, %q, %v; want a 404 and nothing written", n, buf.String(), err)
	}
	if strings.Contains(err.Error(), "SECRETTOKEN") || strings.Contains(apiErr.Path, "SECRETTOKEN") {
		t.Errorf("the error shows the file's token: %v", err)
	}

	for _, bad := range []string{"", "attachments/token/x", "/attachments/token/x", "ftp://example.com/x",
		"http://example.com/x", "https://user:pw@acme.zendesk.com/x", "https:///x", "https://%zz"} {
		if _, err := c.Attachments.Download(ctx, bad, &buf); !errors.Is(err, ErrInvalid) {
			t.Errorf("Download(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	if _, err := c.Attachments.Download(ctx, api.URL+"/x", nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("nil writer: %v", err)
	}
	//lint:ignore SA1012 the nil context is the point
	if _, err := c.Attachments.Download(nil, api.URL+"/x", &buf); !errors.Is(err, ErrInvalid) {
		t.Errorf("nil context: %v", err)
	}
	if got := len(api.seen()); got != 1 {
		t.Errorf("%d requests reached the server, want only the first", got)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.Attachments.Download(cancelled, api.URL+"/x", &buf); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestDownloadWriterFailure(t *testing.T) {
	api := newFileServer(t)
	c, err := NewClient("", WithBaseURL(api.URL), WithAPIToken("a@example.com", "t"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Attachments.Download(context.Background(), api.URL+"/x", failingWriter{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v", err)
	}
}

func TestSameOrigin(t *testing.T) {
	base, _ := url.Parse("https://acme.zendesk.com/api/v2/")
	for raw, want := range map[string]bool{
		"https://acme.zendesk.com/attachments/x":     true,
		"https://ACME.zendesk.com:443/x":             true,
		"http://acme.zendesk.com/x":                  false,
		"https://acme.zendesk.com:8443/x":            false,
		"https://files.acme.zendesk.com/x":           false,
		"https://acme.zendesk.com.evil.example/x":    false,
		"https://acme.zendesk.com@evil.example/x":    false,
		"https://p.zdusercontent.com/attachment/1/x": false,
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := sameOrigin(u, base); got != want {
			t.Errorf("sameOrigin(%q) = %v, want %v", raw, got, want)
		}
	}
}
