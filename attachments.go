package zendesk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// AttachmentsService reaches uploads (files sent ahead of the comment that attaches them) and
// attachments (the files of comments).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/
type AttachmentsService service

// Attachment is a file attached to a comment, or uploaded to be. ContentURL is where to
// download it (with [AttachmentsService.Download]); it may be on another host than the API.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/
type Attachment struct {
	ID          int64  `json:"id"`
	URL         string `json:"url,omitempty"`
	FileName    string `json:"file_name"`
	ContentURL  string `json:"content_url"`
	ContentType string `json:"content_type"`
	// MappedContentURL is ContentURL on the account's own (host-mapped) domain.
	MappedContentURL string `json:"mapped_content_url,omitempty"`
	Size             int64  `json:"size"`
	// Width and Height are an image's size in pixels (0 for other files).
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Inline is true for images shown inside the comment body rather than listed below it.
	Inline bool `json:"inline,omitempty"`
	// Deleted is true for a file that was redacted or deleted.
	Deleted bool `json:"deleted,omitempty"`
	// MalwareScanResult is e.g. "malware_found", "malware_not_found", "failed_to_scan" or
	// "not_scanned".
	MalwareScanResult string `json:"malware_scan_result,omitempty"`
	// MalwareAccessOverride is true when an admin allowed downloading a file found malicious.
	MalwareAccessOverride bool `json:"malware_access_override,omitempty"`
	// Thumbnails are smaller copies of an image.
	Thumbnails []Attachment `json:"thumbnails,omitempty"`
}

// UnmarshalJSON decodes an attachment with the tolerance of [Ticket].
func (a *Attachment) UnmarshalJSON(b []byte) error { return unmarshal(b, a) }

// Upload is the answer of [AttachmentsService.Upload]: a token that attaches the uploaded
// files to a comment when given in [Comment].Uploads. A token attaches once, and expires.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#upload-files
type Upload struct {
	Token string `json:"token"`
	// ExpiresAt is when the token stops attaching (documented as an hour; answers have shown
	// three days): trust it over either.
	ExpiresAt time.Time `json:"expires_at"`
	// Attachment is the file this call uploaded.
	Attachment *Attachment `json:"attachment"`
	// Attachments are all the files of the token so far.
	Attachments []Attachment `json:"attachments"`
}

// UnmarshalJSON decodes an upload with the tolerance of [Ticket].
func (u *Upload) UnmarshalJSON(b []byte) error { return unmarshal(b, u) }

// UploadOptions are the optional parts of [AttachmentsService.Upload].
type UploadOptions struct {
	// Token, when set, adds the file to an earlier upload, so that one token attaches several
	// files.
	Token string `url:"token,omitempty"`
	// ContentType is the file's MIME type. When empty it is found from the file name's
	// extension (with [mime.TypeByExtension], whose table the system's MIME database extends,
	// so uncommon extensions can differ between machines), and failing that sniffed from the
	// first 512 bytes (with [http.DetectContentType]).
	ContentType string `url:"-"`
}

// Upload sends a file as the raw bytes of the request body (never multipart: Zendesk would
// store the framing in the file) and returns its token. The body is streamed from r, never
// held whole in memory, and r is read from where it stands.
//
// An r that can seek back (an [io.Seeker], such as *os.File or *bytes.Reader) is sent again
// after a 429 or 503 as the other requests are, from the same starting point; any other r is
// sent once, and a 429 or 503 comes back as the error ([ErrRateLimited] and
// [APIError.RetryAfter] tell when to try again with a fresh reader).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#upload-files
func (s *AttachmentsService) Upload(ctx context.Context, filename string, r io.Reader, opts *UploadOptions) (*Upload, error) {
	const op = "Attachments.Upload"
	switch {
	case ctx == nil:
		return nil, invalid(op, "nil context")
	case strings.TrimSpace(filename) == "":
		return nil, invalid(op, "no file name")
	case r == nil:
		return nil, invalid(op, "nil reader")
	}
	var o UploadOptions
	if opts != nil {
		o = *opts
	}
	if o.Token != "" && !validIdempotencyKey(o.Token) {
		return nil, invalid(op, "token %q is not one word of printable ASCII", o.Token)
	}
	if o.ContentType != "" && !validContentType(o.ContentType) {
		return nil, invalid(op, "content type %q is not a MIME type", o.ContentType)
	}
	q, err := encodeQuery(op, &o)
	if err != nil {
		return nil, err
	}
	q.Set("filename", filename)
	body, err := newStreamBody(r, firstNonEmpty(o.ContentType, mime.TypeByExtension(path.Ext(filename))))
	if err != nil {
		return nil, fmt.Errorf("zendesk: %s: reading the file: %w", op, err)
	}
	u, _, err := doKey[Upload](ctx, s.client, &request{method: http.MethodPost, path: "uploads.json", query: q, stream: body}, "upload")
	return u, err
}

// validContentType accepts "type/subtype" with optional parameters, nothing that could split
// a header.
func validContentType(v string) bool {
	mt, _, err := mime.ParseMediaType(v)
	return err == nil && strings.Contains(mt, "/") && validHeaderValue(v)
}

// DeleteUpload deletes an upload that has not been attached yet, with its files.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#delete-upload
func (s *AttachmentsService) DeleteUpload(ctx context.Context, token string) error {
	const op = "Attachments.DeleteUpload"
	if !validIdempotencyKey(token) {
		return invalid(op, "token %q is not one word of printable ASCII", token)
	}
	_, err := s.client.do(ctx, &request{method: http.MethodDelete, path: "uploads/" + pathEscape(token) + ".json", emptyOK: true}, nil)
	return err
}

// Get returns one attachment.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#show-attachment
func (s *AttachmentsService) Get(ctx context.Context, id int64) (*Attachment, error) {
	if err := checkID("Attachments.Get", id); err != nil {
		return nil, err
	}
	return s.client.attachment(ctx, &request{method: http.MethodGet, path: "attachments/" + strconv.FormatInt(id, 10) + ".json"})
}

// attachment sends r and returns the attachment of its `{"attachment": …}` answer.
func (c *Client) attachment(ctx context.Context, r *request) (*Attachment, error) {
	a, _, err := doKey[Attachment](ctx, c, r, "attachment")
	return a, err
}

// Download streams the file at contentURL (an [Attachment]'s ContentURL or MappedContentURL)
// to w and returns the bytes written. The file is never held whole in memory.
//
// The client's credentials go only to the account's own origin, the scheme, host and port of
// the base URL. A contentURL elsewhere (Zendesk serves files from its own attachment hosts)
// is fetched without them, and so is every request after a redirect away from the origin, even
// one that comes back. contentURL must be an absolute https URL (http for loopback hosts).
//
// A failure before the first byte reaches w is retried as API calls are, with the same budget
// and waits ([WithRetryMax], [WithRetryWait], Retry-After up to [WithMaxRetryAfter], never past
// the context's deadline): a lost connection, 429, and 5xx but 501. Each attempt starts again
// at contentURL under the credential rule above. Once a byte has reached w, a failure is never
// retried: the error says how many bytes were written, and w holds them. Any other non-2xx
// answer is an [*APIError] at once, and nothing is written; an *APIError says how many
// attempts were made (Attempts), and so does the text of an error after retries. The HTTP
// client's Timeout (2 minutes unless [WithHTTPClient] gives another) bounds each attempt's
// whole transfer, as it bounds an Upload.
//
// A 401 from the base URL's origin to an attempt that carried the client's cached OAuth token
// ([WithClientCredentials], [WithTokenSource]) renews the token and tries once more with the
// fresh one, as API calls do: nothing is written to w before, the extra attempt counts in
// Attempts but not against [WithRetryMax], and a second 401 is returned. A 401 from another
// origin (which was sent no credentials), or with an API token, basic auth or
// [WithOAuthToken], is returned at once.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/
func (s *AttachmentsService) Download(ctx context.Context, contentURL string, w io.Writer) (int64, error) {
	const op = "Attachments.Download"
	c := s.client
	switch {
	case ctx == nil:
		return 0, invalid(op, "nil context")
	case w == nil:
		return 0, invalid(op, "nil writer")
	}
	u, err := url.Parse(contentURL)
	if err != nil {
		return 0, invalid(op, "content URL: %v", unwrapURLError(err))
	}
	switch {
	case u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())):
		return 0, invalid(op, "content URL must be https (or http to a loopback host), got scheme %q", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return 0, invalid(op, "content URL has no host")
	case u.User != nil:
		return 0, invalid(op, "content URL must not carry a user or password")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, invalid(op, "content URL: %v", err)
	}
	req.Header.Set("User-Agent", c.userAgent)
	return c.download(ctx, req, w)
}

// download fetches the file req asks for into w, attempt after attempt as Download describes:
// a failure before the first byte is retried by the API calls' policy, a 401 to the cached
// OAuth token renews it once, and a failure after the first byte is final.
func (c *Client) download(ctx context.Context, req *http.Request, w io.Writer) (int64, error) {
	u := req.URL
	home := sameOrigin(u, c.base)
	call := "GET " + redactedFilePath(u) // errors name the call as the other methods' do
	// The retry policy of API calls decides, from the state a GET carries: repeating it
	// cannot repeat an effect.
	st := &callState{retryable: true}
	ctx = withCallState(ctx, st)
	renewed := 0 // 1 once a 401 renewed the token (once at most): that attempt is no retry of the budget
	for {
		var authValue string
		if home {
			var err error
			if authValue, err = c.auth.header(ctx); err != nil {
				return 0, wrap(err, call)
			}
		}
		resp, err := c.sendDownload(ctx, req, authValue)
		if err == nil && resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			body := &bodyReader{r: resp.Body}
			n, copyErr := io.Copy(w, body)
			resp.Body.Close()
			if copyErr == nil {
				return n, nil
			}
			if n > 0 || body.err == nil {
				// Part of the file is in w, or w failed: a retry would write it twice. This
				// attempt never reached the retry policy, which counts the others.
				st.attempts++
				return n, downloadError(ctx, st, call, "after "+strconv.FormatInt(n, 10)+" bytes", copyErr)
			}
			// The body failed before its first byte: a lost connection like any other.
			resp, err = nil, body.err
		}
		retry, _ := c.rc.CheckRetry(ctx, resp, err)
		if err != nil && errors.Is(err, errRedirectRefused) {
			retry = false // the same answer would be refused again
		}
		if renewed == 0 && err == nil && resp.StatusCode == http.StatusUnauthorized &&
			sentCredential(resp.Request, c.base, authValue) && c.auth.renew(ctx, authValue) {
			// The origin refused the cached OAuth token it was sent, and there is a fresh one:
			// once more with it, as API calls do. Not a retry of the budget's, and nothing of
			// this answer reaches w.
			renewed = 1
			drainAndClose(resp.Body)
			c.log(ctx, slog.LevelInfo, "zendesk: 401 with a cached OAuth token; downloading once more with a fresh one",
				"host", u.Host, "attempts", st.attempts)
			continue
		}
		if !retry || st.attempts-renewed > c.rc.RetryMax {
			if err != nil {
				return 0, downloadError(ctx, st, call, "", err)
			}
			b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
			resp.Body.Close()
			apiErr := newAPIError(http.MethodGet, redactedFilePath(u), resp.StatusCode, resp.Header, b)
			apiErr.Attempts = st.attempts
			apiErr.redact(secretsOf(authValue)...)
			return 0, apiErr
		}
		wait := c.rc.Backoff(c.rc.RetryWaitMin, c.rc.RetryWaitMax, st.attempts-1, resp)
		status := 0
		if resp != nil {
			status = resp.StatusCode
			drainAndClose(resp.Body)
		}
		c.log(ctx, slog.LevelDebug, "zendesk: download failed; retrying", "host", u.Host, "status", status,
			"attempts", st.attempts, "wait", wait)
		// checkRetry kept the wait inside the context's deadline; a cancel still ends it.
		if err := sleep(ctx, wait, nil, false); err != nil {
			return 0, downloadError(ctx, st, call, "", err)
		}
	}
}

// sendDownload makes one attempt at the file: a fresh copy of req, with authValue unless
// empty, through a fresh downloadClient, so that every attempt starts again under the
// credential and redirect rules. The answer's Request carries ctx, where the retry policy finds
// the call's state.
func (c *Client) sendDownload(ctx context.Context, req *http.Request, authValue string) (*http.Response, error) {
	req = req.Clone(ctx)
	if authValue != "" {
		req.Header.Set("Authorization", authValue)
	}
	resp, err := c.downloadClient().Do(req)
	if err != nil {
		// Not the *url.Error, whose text is the whole URL, with the file's token.
		c.log(ctx, slog.LevelDebug, "zendesk: download failed", "host", req.URL.Host, "error", unwrapURLError(err))
		return nil, err
	}
	if resp.Request == nil {
		resp.Request = req
	}
	return resp, nil
}

// sentCredential reports whether req, the last request of an attempt (after its redirects),
// went to the base URL's origin carrying authValue: only then can a 401 mean that the token
// expired. A request that left the origin carried no credentials, whatever its answer.
func sentCredential(req *http.Request, base *url.URL, authValue string) bool {
	return authValue != "" && req != nil && sameOrigin(req.URL, base) && req.Header.Get("Authorization") == authValue
}

// downloadError names the call, the attempts after more than one, and what was done (detail,
// when not empty) in front of an error that left no answer or cut the body short. The
// context's own error stays matchable with errors.Is, and so does every other cause.
func downloadError(ctx context.Context, st *callState, call, detail string, err error) error {
	if st.attempts > 1 {
		call += " (after " + strconv.Itoa(st.attempts) + " attempts)"
	}
	if detail != "" {
		call += ": " + detail
	}
	if ctxErr := contextError(err); ctxErr != nil && ctx.Err() != nil {
		return wrap(ctxErr, call)
	}
	return wrap(unwrapURLError(err), call)
}

// bodyReader remembers the error of its reader, so that a failing body can be told from a
// failing writer.
type bodyReader struct {
	r   io.Reader
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// errRedirectRefused marks a redirect that downloadClient will not follow; a retry would meet
// the same one.
var errRedirectRefused = errors.New("redirect refused")

// followedRedirect reports the statuses whose Location net/http's client follows.
func followedRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// downloadClient is the caller's HTTP client for files: its transport and timeout, no cookie
// jar, and redirects that drop the credentials once they leave the base URL's origin. Each
// attempt gets a fresh one, so each starts again at the origin's rule. A redirect it refuses
// (too many, to a Location that is not a URL, or to one that is not http or https) matches
// errRedirectRefused.
func (c *Client) downloadClient() *http.Client {
	left := false // once away from the origin, credentials never come back
	rt := c.hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	return &http.Client{
		Transport: roundTripperFunc(func(req *http.Request) (*http.Response, error) {
			resp, err := rt.RoundTrip(req)
			if err == nil && resp != nil && resp.Request == nil {
				// The request this answer is to, after any redirects: Download reads from it
				// where the answer came from and what credentials it carried.
				resp.Request = req
			}
			if err == nil && resp != nil && followedRedirect(resp.StatusCode) {
				// net/http would refuse such a Location with an error a retry cannot tell from
				// a lost connection, and quote it whole (a file token with it).
				if loc := resp.Header.Get("Location"); loc != "" {
					if _, perr := req.URL.Parse(loc); perr != nil {
						resp.Body.Close()
						return nil, fmt.Errorf("%w: the Location of a %d answer is not a URL", errRedirectRefused, resp.StatusCode)
					}
				}
			}
			return resp, err
		}),
		Timeout: c.hc.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return fmt.Errorf("%w: stopped after 10 redirects", errRedirectRefused)
			}
			if req.URL.Scheme != "https" && req.URL.Scheme != "http" {
				return fmt.Errorf("%w: a redirect to a %q URL", errRedirectRefused, req.URL.Scheme)
			}
			if left = left || !sameOrigin(req.URL, c.base); left {
				req.Header.Del("Authorization")
				req.Header.Del("Cookie")
			}
			return nil
		},
	}
}

// redactedFilePath is the host and path of a file URL for errors and logs, without the query
// and without the token segment Zendesk puts in file paths (/attachments/token/{token}/),
// which grants access to the file.
func redactedFilePath(u *url.URL) string {
	segs := strings.Split(u.EscapedPath(), "/")
	for i := 0; i+1 < len(segs); i++ {
		if segs[i] == "token" && segs[i+1] != "" {
			segs[i+1] = "[redacted]"
		}
	}
	return u.Host + strings.Join(segs, "/")
}

// streamBody is a request body sent as it is read: an upload's raw bytes.
type streamBody struct {
	contentType string
	// rewind returns the body from its start, again and again; nil for a body that can be
	// read once only, which is then first (and only) read.
	rewind func() (io.Reader, error)
	once   io.Reader
}

// newStreamBody prepares r to be streamed. When contentType is empty the type is sniffed from
// the first 512 bytes, which are then sent too (read again from a seeker, or put back in front
// of any other reader). A seeker whose position cannot be told (a pipe behind an *os.File) is
// read once like any reader.
func newStreamBody(r io.Reader, contentType string) (*streamBody, error) {
	b := &streamBody{contentType: contentType}
	seeker, _ := r.(io.ReadSeeker)
	var start, end int64 = 0, -1
	if seeker != nil {
		var err error
		if start, err = seeker.Seek(0, io.SeekCurrent); err != nil {
			seeker = nil
		} else if end, err = seeker.Seek(0, io.SeekEnd); err != nil || end < start {
			seeker = nil
		} else if _, err = seeker.Seek(start, io.SeekStart); err != nil {
			return nil, err
		}
	}
	if contentType == "" {
		head := make([]byte, 512)
		n, err := io.ReadFull(r, head)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return nil, err
		}
		head = head[:n]
		b.contentType = http.DetectContentType(head)
		if seeker == nil {
			r = io.MultiReader(bytes.NewReader(head), r)
		}
	}
	if seeker == nil {
		b.once = r
		return b, nil
	}
	size := end - start
	b.rewind = func() (io.Reader, error) {
		if _, err := seeker.Seek(start, io.SeekStart); err != nil {
			return nil, err
		}
		return &sizedReader{Reader: io.LimitReader(seeker, size), n: size}, nil
	}
	return b, nil
}

// sizedReader tells its length, which the retrying client sends as Content-Length.
type sizedReader struct {
	io.Reader
	n int64
}

// Len is the reader's whole length.
func (r *sizedReader) Len() int { return int(r.n) }
