package zendesktest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"image"
	_ "image/gif" // dimensions of uploaded images
	_ "image/jpeg"
	_ "image/png"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Attachment is a file attached to a comment, or uploaded and waiting to be, as the API sends
// it, keys in the order of real answers. Width and Height are numbers, as real answers carry
// them (the spec says strings), and null unless the file is an image the fake can read (PNG,
// JPEG, GIF).
type Attachment struct {
	URL                   string       `json:"url"`
	ID                    int64        `json:"id"`
	FileName              string       `json:"file_name"`
	ContentURL            string       `json:"content_url"`
	MappedContentURL      string       `json:"mapped_content_url"`
	ContentType           string       `json:"content_type"`
	Size                  int64        `json:"size"`
	Width                 *int         `json:"width"`
	Height                *int         `json:"height"`
	Inline                bool         `json:"inline"`
	Deleted               bool         `json:"deleted"`
	MalwareAccessOverride bool         `json:"malware_access_override"`
	MalwareScanResult     string       `json:"malware_scan_result"`
	Thumbnails            []Attachment `json:"thumbnails"`
}

// attachment is a stored file: what the API shows of it, where its bytes are, and the comment
// event that holds it once attached.
type attachment struct {
	Attachment
	key   string // the token in its content_url
	path  string // the file in the fake's temporary directory
	event AuditEvent
}

// upload is what one upload token gathers.
type upload struct {
	token    string
	expires  time.Time
	files    []int64
	attached bool
}

func uploadToken(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// fileHost is the fake's second origin: the attachment host that content_url points at. It
// serves files without credentials and refuses any request carrying an Authorization header,
// as a signed storage URL does, so tests see whether a client leaks its credentials there.
type fileHost struct {
	ts  *httptest.Server
	dir string // made on the first upload
	log []Request
}

func (s *Server) startFileHost() {
	s.st.conv.opts = s.cfg.conv
	s.st.conv.files = &fileHost{}
	s.st.conv.files.ts = httptest.NewServer(http.HandlerFunc(s.serveFile))
}

func (s *Server) closeFileHost() {
	h := s.st.conv.files
	h.ts.Close()
	s.mu.Lock()
	dir := h.dir
	s.mu.Unlock()
	if dir != "" {
		os.RemoveAll(dir)
	}
}

// AttachmentHostURL returns the base URL of the fake's second origin, the attachment host
// that every attachment's content_url points at (e.g. http://127.0.0.1:41236). It serves files
// to anyone who has the URL, without credentials, and answers 400 to a request that carries an
// Authorization header, as a signed storage URL does. mapped_content_url is on the API's own
// origin ([Server.URL]) and redirects there with 302.
func (s *Server) AttachmentHostURL() string { return s.st.conv.files.ts.URL }

// AttachmentHostRequests returns every request the attachment host received, in order, with
// their headers: a test checks that none carried Authorization.
func (s *Server) AttachmentHostRequests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.conv.files.log)
}

// ExpireUploads ends the life of every upload token not yet attached, as if its expires_at
// had passed: the token then attaches nothing and cannot be deleted or added to, and its files
// are gone (404 from GET attachments/{id} and from the attachment host).
func (s *Server) ExpireUploads() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.st.conv.uploads {
		if !u.attached {
			u.expires = time.Now().Add(-time.Second)
		}
	}
	s.st.sweepUploads()
}

// sweepUploads drops the tokens that expired unattached, with their files.
func (st *store) sweepUploads() {
	t := time.Now()
	for tok, u := range st.conv.uploads {
		if u.attached || t.Before(u.expires) {
			continue
		}
		for _, id := range u.files {
			st.dropAttachment(id)
		}
		delete(st.conv.uploads, tok)
	}
}

func (st *store) dropAttachment(id int64) {
	if a, ok := st.conv.attachments[id]; ok {
		os.Remove(a.path)
		delete(st.conv.attachments, id)
	}
}

// pendingUpload returns a token that can still be added to, deleted or attached.
func (st *store) pendingUpload(token string) (*upload, bool) {
	st.sweepUploads()
	u, ok := st.conv.uploads[token]
	if !ok || u.attached {
		return nil, false
	}
	return u, true
}

// streamsBody reports whether a request's body goes to its handler unread: uploads are
// streamed to disk, never held in memory.
func streamsBody(r *http.Request) bool {
	return r.Method == http.MethodPost && routeOf(r.URL.Path) == "uploads"
}

// uploadFile serves POST uploads?filename=NAME[&token=T] with the file's raw bytes as the
// body. The body is copied to a temporary file as it arrives, outside the server's lock; the
// answer is 201 with Content-Type text/plain; charset=utf-8 (as Zendesk sends it) and a JSON
// body {"upload": {token, expires_at, attachment, attachments}}.
func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request) {
	fail := func(err *apiError) { writeError(w, err) }
	q := r.URL.Query()
	name, token := q.Get("filename"), q.Get("token")
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype == "" {
		ctype = strings.TrimSpace(r.Header.Get("Content-Type"))
	}
	s.mu.Lock()
	_, err := s.authenticate(r)
	switch {
	case err != nil:
	case name == "":
		err = errMissing("filename")
	case ctype == "":
		err = invalid("content_type", "Content type cannot be blank", "BlankValue")
	case token != "":
		if _, ok := s.st.pendingUpload(token); !ok {
			err = errNotFound()
		}
	}
	var dir string
	if err == nil {
		dir, err = s.st.conv.files.ensureDir()
	}
	s.mu.Unlock()
	if err != nil {
		fail(err)
		return
	}

	f, ferr := os.CreateTemp(dir, "file-*")
	if ferr != nil {
		fail(&apiError{http.StatusInternalServerError, errorBody("InternalError", ferr.Error())})
		return
	}
	limit := s.cfg.conv.maxSize()
	n, cerr := io.Copy(f, io.LimitReader(r.Body, limit+1))
	f.Close()
	switch {
	case cerr != nil:
		os.Remove(f.Name())
		fail(errBadRequest("InvalidValue", "The upload was cut short: "+cerr.Error()))
		return
	case n > limit:
		os.Remove(f.Name())
		fail(&apiError{http.StatusRequestEntityTooLarge, errorBody("RequestEntityTooLarge",
			fmt.Sprintf("Attachments may be at most %d bytes", limit))})
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.pendingUpload(token)
	if token != "" && !ok { // deleted or expired while the body arrived
		os.Remove(f.Name())
		fail(errNotFound())
		return
	}
	if !ok {
		u = &upload{token: uploadToken(25), expires: time.Now().Add(s.cfg.conv.lifetime())}
		if s.st.conv.uploads == nil {
			s.st.conv.uploads = map[string]*upload{}
		}
		s.st.conv.uploads[u.token] = u
	}
	a := s.st.addAttachment(name, ctype, n, f.Name())
	u.files = append(u.files, a.ID)
	atts := make([]Attachment, len(u.files))
	for i, id := range u.files {
		atts[i] = s.st.conv.attachments[id].render()
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusCreated)
	writeJSONBody(w, map[string]any{"upload": map[string]any{
		"token": u.token, "expires_at": u.expires.UTC().Truncate(time.Second),
		"attachment": a.render(), "attachments": atts,
	}})
}

func (h *fileHost) ensureDir() (string, *apiError) {
	if h.dir == "" {
		d, err := os.MkdirTemp("", "zendesktest-files-")
		if err != nil {
			return "", &apiError{http.StatusInternalServerError, errorBody("InternalError", err.Error())}
		}
		h.dir = d
	}
	return h.dir, nil
}

func (st *store) addAttachment(name, ctype string, size int64, path string) *attachment {
	a := &attachment{key: uploadToken(25), path: path}
	a.ID = st.nextEventID()
	a.ContentType = ctype
	a.Size = size
	a.MalwareScanResult = "malware_not_found"
	a.setFile(st, name)
	if f, err := os.Open(path); err == nil {
		if cfg, _, err := image.DecodeConfig(f); err == nil {
			a.Width, a.Height = ptr(cfg.Width), ptr(cfg.Height)
		}
		f.Close()
	}
	if st.conv.attachments == nil {
		st.conv.attachments = map[int64]*attachment{}
	}
	st.conv.attachments[a.ID] = a
	return a
}

// setFile names the file and the URLs that reach it.
func (a *attachment) setFile(st *store, name string) {
	p := "/attachments/token/" + a.key + "/?name=" + url.QueryEscape(name)
	a.FileName = name
	a.URL = fmt.Sprintf("%s/api/v2/attachments/%d.json", st.baseURL, a.ID)
	a.ContentURL = st.conv.files.ts.URL + p
	a.MappedContentURL = st.baseURL + p
}

func (a *attachment) render() Attachment {
	out := a.Attachment
	out.Thumbnails = cloneOrEmpty(a.Thumbnails)
	return out
}

// attachUploads attaches the files of upload tokens to a new comment event. A token attaches
// once: one already attached, expired or unknown adds nothing *(choice: Zendesk is reported to
// ignore such tokens; the comment is still made)*. An image whose URL the comment's html_body
// shows is inline.
func (st *store) attachUploads(ev AuditEvent, tokens []string) {
	if len(tokens) == 0 {
		return
	}
	html, _ := ev["html_body"].(string)
	atts := eventAttachments(ev)
	for _, tok := range tokens {
		u, ok := st.pendingUpload(tok)
		if !ok {
			continue
		}
		u.attached = true
		for _, id := range u.files {
			a := st.conv.attachments[id]
			a.event = ev
			a.Inline = strings.HasPrefix(a.ContentType, "image/") &&
				(strings.Contains(html, a.ContentURL) || strings.Contains(html, a.MappedContentURL))
			atts = append(atts, a.render())
		}
	}
	ev["attachments"] = atts
}

// redactedText is what a redacted attachment holds *(choice)*.
const redactedText = "This file was redacted.\n"

// redactAttachment replaces a file with redacted.txt, in its comment too.
func (st *store) redactAttachment(id int64) {
	a, ok := st.conv.attachments[id]
	if !ok {
		return
	}
	os.WriteFile(a.path, []byte(redactedText), 0o600)
	a.setFile(st, "redacted.txt")
	a.ContentType, a.Size = "text/plain", int64(len(redactedText))
	a.Width, a.Height, a.Inline = nil, nil, false
	if a.event != nil {
		atts := eventAttachments(a.event)
		for i := range atts {
			if atts[i].ID == id {
				atts[i] = a.render()
			}
		}
		a.event["attachments"] = atts
	}
}

func (s *Server) deleteUpload(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	u, ok := s.st.pendingUpload(r.PathValue("token"))
	if !ok {
		return errNotFound()
	}
	for _, id := range u.files {
		s.st.dropAttachment(id)
	}
	delete(s.st.conv.uploads, u.token)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) showAttachment(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	s.st.sweepUploads()
	a, ok := s.st.conv.attachments[id]
	if !ok {
		return errNotFound()
	}
	writeJSON(w, http.StatusOK, map[string]any{"attachment": a.render()})
	return nil
}

// attachmentByKey finds a live file by the token of its URL.
func (st *store) attachmentByKey(key string) (*attachment, bool) {
	st.sweepUploads()
	for _, a := range st.conv.attachments {
		if a.key == key {
			return a, true
		}
	}
	return nil, false
}

func fileKey(p string) string {
	rest, ok := strings.CutPrefix(p, "/attachments/token/")
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(rest, "/")
	return key
}

// redirectToFile serves mapped_content_url on the API's origin: 302 to the attachment host,
// without asking for credentials.
func (s *Server) redirectToFile(w http.ResponseWriter, r *http.Request) {
	a, ok := s.st.attachmentByKey(fileKey(r.URL.Path))
	if !ok {
		writeError(w, errNotFound())
		return
	}
	w.Header().Set("Location", a.ContentURL)
	w.WriteHeader(http.StatusFound)
}

// serveFile is the attachment host: GET /attachments/token/{key}/?name=… streams the file.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.st.conv.files
	h.log = append(h.log, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone()})
	entry := len(h.log) - 1
	status := http.StatusOK
	var path, ctype string
	a, ok := s.st.attachmentByKey(fileKey(r.URL.Path))
	switch {
	case r.Header.Get("Authorization") != "":
		status = http.StatusBadRequest
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		status = http.StatusMethodNotAllowed
	case !ok:
		status = http.StatusNotFound
	default:
		path, ctype = a.path, a.ContentType
	}
	h.log[entry].Status = status
	s.mu.Unlock()

	if status != http.StatusOK {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		if status == http.StatusBadRequest {
			io.WriteString(w, "Only one auth mechanism allowed: this URL is signed, so send no Authorization header.\n")
		}
		return
	}
	f, err := os.Open(path) // still readable if the file is dropped meanwhile
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, _ := f.Stat()
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.FormatInt(fi.Size(), 10))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		io.Copy(w, f)
	}
}

// writeJSONBody writes v as JSON after the header was written.
func writeJSONBody(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":"InternalError"}`)
	}
	w.Write(b)
}
