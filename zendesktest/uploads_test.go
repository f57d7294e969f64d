package zendesktest

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"
)

type uploadInfo struct {
	Token       string       `json:"token"`
	ExpiresAt   time.Time    `json:"expires_at"`
	Attachment  Attachment   `json:"attachment"`
	Attachments []Attachment `json:"attachments"`
}

// uploadRaw posts body to uploads.json?query with the given Content-Type ("" sends none).
func uploadRaw(t *testing.T, s *Server, query, ctype string, body io.Reader) answer {
	t.Helper()
	req, err := http.NewRequest("POST", s.URL+"/api/v2/uploads.json?"+query, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.SetBasicAuth(DefaultAgentEmail+"/token", DefaultAPIToken)
	a, err := roundTrip(s, req)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func uploadOK(t *testing.T, s *Server, name, ctype, content string, token ...string) uploadInfo {
	t.Helper()
	q := url.Values{"filename": {name}}
	if len(token) > 0 {
		q.Set("token", token[0])
	}
	var out struct {
		Upload uploadInfo `json:"upload"`
	}
	uploadRaw(t, s, q.Encode(), ctype, strings.NewReader(content)).want(t, http.StatusCreated).decode(t, &out)
	return out.Upload
}

// fetch GETs a URL with the server's client, with an Authorization header when auth is set,
// without following redirects.
func fetch(t *testing.T, rawURL, auth string) answer {
	t.Helper()
	req, _ := http.NewRequest("GET", rawURL, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

func TestUploads_Answer201TextPlainWithTokenAndRawBytes(t *testing.T) {
	s := newServer(t)
	start := time.Now()
	// multipart framing is not parsed: it ends up in the stored file, as on Zendesk
	body := "--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nhello\r\n--xyz--\r\n"
	a := uploadRaw(t, s, "filename=notes.txt", "multipart/form-data; boundary=xyz", strings.NewReader(body)).want(t, http.StatusCreated)
	if ct := a.header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var out struct {
		Upload uploadInfo `json:"upload"`
	}
	a.decode(t, &out)
	u := out.Upload
	att := u.Attachment
	if len(u.Token) < 15 || len(u.Attachments) != 1 || u.Attachments[0].ID != att.ID {
		t.Errorf("upload %+v", u)
	}
	if d := u.ExpiresAt.Sub(start); d < DefaultUploadLifetime-time.Minute || d > DefaultUploadLifetime+time.Minute {
		t.Errorf("expires_at %v, %v from now", u.ExpiresAt, d)
	}
	if att.FileName != "notes.txt" || att.ContentType != "multipart/form-data" || att.Size != int64(len(body)) ||
		att.URL != fmt.Sprintf("%s/api/v2/attachments/%d.json", s.URL, att.ID) || att.Width != nil ||
		!strings.HasPrefix(att.ContentURL, s.AttachmentHostURL()+"/attachments/token/") ||
		!strings.HasPrefix(att.MappedContentURL, s.URL+"/attachments/token/") ||
		att.Thumbnails == nil || att.MalwareScanResult != "malware_not_found" {
		t.Errorf("attachment %+v", att)
	}
	if got := fetch(t, att.ContentURL, ""); got.status != 200 || string(got.body) != body {
		t.Errorf("file: %d %q", got.status, got.body)
	}
	var raw struct {
		Upload struct {
			Attachment map[string]any `json:"attachment"`
		} `json:"upload"`
	}
	a.decode(t, &raw)
	for _, k := range []string{"id", "url", "file_name", "content_url", "mapped_content_url", "content_type", "size",
		"width", "height", "inline", "deleted", "malware_scan_result", "malware_access_override", "thumbnails"} {
		if _, ok := raw.Upload.Attachment[k]; !ok {
			t.Errorf("attachment lacks %q", k)
		}
	}
}

func TestUploads_TokenAddsFiles(t *testing.T) {
	s := newServer(t)
	first := uploadOK(t, s, "a.txt", "text/plain", "a")
	second := uploadOK(t, s, "b.txt", "text/plain", "bb", first.Token)
	if second.Token != first.Token || second.Attachment.FileName != "b.txt" || len(second.Attachments) != 2 ||
		second.Attachments[0].ID != first.Attachment.ID {
		t.Errorf("second upload %+v", second)
	}
	wantError(t, uploadRaw(t, s, "filename=c.txt&token=nope", "text/plain", strings.NewReader("c")), 404, "RecordNotFound")
}

func TestUploads_ContentTypeAndFilenameRequired(t *testing.T) {
	s := newServer(t)
	m := wantError(t, uploadRaw(t, s, "filename=a.txt", "", strings.NewReader("x")), 422, "RecordInvalid")
	if !strings.Contains(fmt.Sprint(m["details"]), "Content type cannot be blank") {
		t.Errorf("details %v", m["details"])
	}
	wantError(t, uploadRaw(t, s, "", "text/plain", strings.NewReader("x")), 400, "ParameterMissing")
	req, _ := http.NewRequest("POST", s.URL+"/api/v2/uploads.json?filename=a.txt", strings.NewReader("x"))
	req.Header.Set("Content-Type", "text/plain")
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("without credentials: %d", resp.StatusCode)
	}
}

func TestUploads_TokenAttachesOnce(t *testing.T) {
	s := newServer(t)
	up := uploadOK(t, s, "a.txt", "text/plain", "a")
	up = uploadOK(t, s, "b.txt", "text/plain", "b", up.Token)
	tk, created := create(t, s, obj{"comment": obj{"body": "files", "uploads": []string{up.Token}}})
	atts := s.Comments(tk.ID)[0].Attachments
	if len(atts) != 2 || atts[0].ID != up.Attachments[0].ID || atts[1].FileName != "b.txt" {
		t.Fatalf("attachments %+v", atts)
	}
	if ev := created.Events[0]; len(ev["attachments"].([]any)) != 2 {
		t.Errorf("create's audit event %v", ev["attachments"])
	}
	// an update attaches too, and a used token attaches nothing more
	up2 := uploadOK(t, s, "c.txt", "text/plain", "c")
	update(t, s, tk.ID, obj{"comment": obj{"body": "more", "uploads": []string{up2.Token, up.Token}}}).want(t, http.StatusOK)
	if atts := s.Comments(tk.ID)[1].Attachments; len(atts) != 1 || atts[0].FileName != "c.txt" {
		t.Errorf("update's attachments %+v", atts)
	}
	other, _ := create(t, s, obj{"comment": obj{"body": "again", "uploads": []string{up.Token}}})
	if atts := s.Comments(other.ID)[0].Attachments; len(atts) != 0 {
		t.Errorf("a used token attached again: %+v", atts)
	}
	wantError(t, send(t, s, "DELETE", "/api/v2/uploads/"+up.Token+".json", nil), 404, "RecordNotFound")
}

func TestUploads_ExpireAndLifetime(t *testing.T) {
	s := newServer(t, WithUploadLifetime(time.Hour))
	up := uploadOK(t, s, "a.txt", "text/plain", "a")
	if d := time.Until(up.ExpiresAt); d < 58*time.Minute || d > time.Hour+time.Minute {
		t.Errorf("expires_at in %v, want an hour", d)
	}
	s.ExpireUploads()
	tk, _ := create(t, s, obj{"comment": obj{"body": "late", "uploads": []string{up.Token}}})
	if atts := s.Comments(tk.ID)[0].Attachments; len(atts) != 0 {
		t.Errorf("an expired token attached %+v", atts)
	}
	wantError(t, send(t, s, "GET", fmt.Sprintf("/api/v2/attachments/%d.json", up.Attachment.ID), nil), 404, "RecordNotFound")
	if got := fetch(t, up.Attachment.ContentURL, ""); got.status != 404 {
		t.Errorf("expired file: %d", got.status)
	}
	wantError(t, send(t, s, "DELETE", "/api/v2/uploads/"+up.Token+".json", nil), 404, "RecordNotFound")
}

func TestUploads_Delete204(t *testing.T) {
	s := newServer(t)
	up := uploadOK(t, s, "a.txt", "text/plain", "a")
	a := send(t, s, "DELETE", "/api/v2/uploads/"+up.Token+".json", nil).want(t, http.StatusNoContent)
	if len(a.body) != 0 {
		t.Errorf("body %q", a.body)
	}
	wantError(t, send(t, s, "GET", fmt.Sprintf("/api/v2/attachments/%d.json", up.Attachment.ID), nil), 404, "RecordNotFound")
	wantError(t, send(t, s, "DELETE", "/api/v2/uploads/"+up.Token+".json", nil), 404, "RecordNotFound")
}

func TestUploads_MaxSize413(t *testing.T) {
	s := newServer(t, WithMaxUploadSize(10))
	uploadOK(t, s, "ok.txt", "text/plain", "0123456789")
	wantError(t, uploadRaw(t, s, "filename=big.txt", "text/plain", strings.NewReader("0123456789A")), 413, "RequestEntityTooLarge")
}

// zeros is a reader of n zero bytes that allocates nothing.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), z.n)
	clear(p[:k])
	z.n -= k
	return int(k), nil
}

func TestUploads_StreamedNotBuffered(t *testing.T) {
	s := newServer(t)
	const size = 24 << 20 // past the 16 MiB other requests are buffered up to
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	req, _ := http.NewRequest("POST", s.URL+"/api/v2/uploads.json?filename=big.bin", &zeros{size})
	req.ContentLength = size
	req.Header.Set("Content-Type", "application/octet-stream")
	req.SetBasicAuth(DefaultAgentEmail+"/token", DefaultAPIToken)
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Upload uploadInfo `json:"upload"`
	}
	answer{status: resp.StatusCode, body: must(io.ReadAll(resp.Body))}.want(t, 201).decode(t, &out)
	resp.Body.Close()
	runtime.ReadMemStats(&after)
	if out.Upload.Attachment.Size != size {
		t.Errorf("size %d, want %d", out.Upload.Attachment.Size, size)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 4<<20 {
		t.Errorf("uploading %d MiB allocated %d MiB: the body is held in memory", size>>20, grown>>20)
	}
	if r := s.Requests(); r[len(r)-1].Body != nil {
		t.Errorf("the request log holds the upload's body")
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestAttachmentHost_NoCredentialsAuthorizationRefused(t *testing.T) {
	s := newServer(t)
	up := uploadOK(t, s, "a.txt", "text/plain", "hello")
	got := fetch(t, up.Attachment.ContentURL, "")
	if got.status != 200 || string(got.body) != "hello" || got.header.Get("Content-Type") != "text/plain" {
		t.Errorf("without credentials: %d %q %v", got.status, got.body, got.header)
	}
	if got := fetch(t, up.Attachment.ContentURL, "Bearer leaked"); got.status != 400 {
		t.Errorf("with Authorization: %d, want 400", got.status)
	}
	log := s.AttachmentHostRequests()
	if len(log) != 2 || log[0].Status != 200 || log[1].Status != 400 || log[1].Header.Get("Authorization") != "Bearer leaked" {
		t.Errorf("host log %+v", log)
	}
	// mapped_content_url is on the API's origin and redirects to the host without credentials
	red := fetch(t, up.Attachment.MappedContentURL, "")
	if red.status != http.StatusFound || red.header.Get("Location") != up.Attachment.ContentURL {
		t.Errorf("mapped_content_url: %d %v", red.status, red.header)
	}
	if fetch(t, s.AttachmentHostURL()+"/attachments/token/unknown/?name=x", "").status != 404 {
		t.Errorf("unknown file not 404")
	}
}

func TestAttachments_ShowAndInlineImages(t *testing.T) {
	s := newServer(t)
	var png bytes.Buffer
	if err := pngEncode(&png, 2, 3); err != nil {
		t.Fatal(err)
	}
	img := uploadOK(t, s, "pic.png", "image/png", png.String())
	if w, h := img.Attachment.Width, img.Attachment.Height; w == nil || h == nil || *w != 2 || *h != 3 {
		t.Errorf("width/height %v %v", w, h)
	}
	doc := uploadOK(t, s, "doc.txt", "text/plain", "doc", img.Token)
	html := fmt.Sprintf(`<p>see <img src="%s"></p>`, img.Attachment.ContentURL)
	tk, _ := create(t, s, obj{"comment": obj{"html_body": html, "uploads": []string{doc.Token}}})
	if p := listComments(t, s, tk.ID, ""); len(p.Comments[0].Attachments) != 1 || p.Comments[0].Attachments[0].FileName != "doc.txt" {
		t.Errorf("inline image listed without include_inline_images: %+v", p.Comments[0].Attachments)
	}
	p := listComments(t, s, tk.ID, "?include_inline_images=true")
	if atts := p.Comments[0].Attachments; len(atts) != 2 || !atts[0].Inline || atts[1].Inline {
		t.Errorf("with include_inline_images: %+v", atts)
	}
	var out struct {
		Attachment Attachment `json:"attachment"`
	}
	send(t, s, "GET", fmt.Sprintf("/api/v2/attachments/%d.json", doc.Attachment.ID), nil).want(t, 200).decode(t, &out)
	if out.Attachment.ID != doc.Attachment.ID || out.Attachment.FileName != "doc.txt" {
		t.Errorf("attachment %+v", out.Attachment)
	}
	wantError(t, send(t, s, "GET", "/api/v2/attachments/12.json", nil), 404, "RecordNotFound")
}

func pngEncode(w io.Writer, width, height int) error {
	return png.Encode(w, image.NewGray(image.Rect(0, 0, width, height)))
}

// TestUploads_RefusedUnreadStillAnswers checks that an upload refused before its body is read
// (an injected fault, a validation error) reaches the client as an answer it can retry on.
func TestUploads_RefusedUnreadStillAnswers(t *testing.T) {
	s := newServer(t, WithMaxUploadSize(4<<20))
	s.FailNext("POST", "uploads", 1, http.StatusServiceUnavailable)
	const size = 3 << 20
	post := func(ctype string) *http.Response {
		req, _ := http.NewRequest("POST", s.URL+"/api/v2/uploads.json?filename=big.bin", &zeros{size})
		req.ContentLength = size
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		req.SetBasicAuth(DefaultAgentEmail+"/token", DefaultAPIToken)
		resp, err := s.HTTPClient().Do(req)
		if err != nil {
			t.Fatalf("the client got no answer: %v", err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post("application/octet-stream"); resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("injected fault: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := post(""); resp.StatusCode != 422 {
		t.Errorf("blank content type: %d", resp.StatusCode)
	}
	if resp := post("application/octet-stream"); resp.StatusCode != 201 {
		t.Errorf("then: %d", resp.StatusCode)
	}
	if n := s.RequestCount("POST", "uploads"); n != 3 {
		t.Errorf("%d upload requests logged", n)
	}
}
