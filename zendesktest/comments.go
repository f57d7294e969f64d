package zendesktest

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Comment is a ticket comment as GET tickets/{id}/comments sends it. The fake keeps comments
// as the Comment events of the ticket's audits: the create's first comment, each update's
// comment and the comments merges leave.
type Comment struct {
	ID          int64          `json:"id"`
	Type        string         `json:"type"` // "Comment"
	Body        string         `json:"body"`
	HTMLBody    string         `json:"html_body"`
	PlainBody   string         `json:"plain_body"`
	Public      bool           `json:"public"`
	AuthorID    int64          `json:"author_id"`
	AuditID     int64          `json:"audit_id"`
	Attachments []Attachment   `json:"attachments"`
	Via         Via            `json:"via"`
	Metadata    map[string]any `json:"metadata"`
	CreatedAt   time.Time      `json:"created_at"`
}

// redactMark is what Zendesk puts in place of every redacted character.
const redactMark = '▇'

// Comments returns the comments of a ticket, oldest first, inline images included.
func (s *Server) Comments(ticketID int64) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.commentsOf(ticketID, true)
}

// commentEvents returns the Comment events of a ticket with their audits, oldest first.
func (st *store) commentEvents(ticketID int64) ([]AuditEvent, []*Audit) {
	var evs []AuditEvent
	var audits []*Audit
	for _, a := range st.audits[ticketID] {
		for _, ev := range a.Events {
			if ev["type"] == "Comment" {
				evs = append(evs, ev)
				audits = append(audits, a)
			}
		}
	}
	return evs, audits
}

func (st *store) commentsOf(ticketID int64, inline bool) []Comment {
	evs, audits := st.commentEvents(ticketID)
	out := make([]Comment, len(evs))
	for i, ev := range evs {
		out[i] = renderComment(ev, audits[i], inline)
	}
	return out
}

func (st *store) findComment(ticketID, commentID int64) (AuditEvent, *Audit, bool) {
	evs, audits := st.commentEvents(ticketID)
	for i, ev := range evs {
		if ev["id"] == commentID {
			return ev, audits[i], true
		}
	}
	return nil, nil, false
}

func renderComment(ev AuditEvent, a *Audit, inline bool) Comment {
	s := func(k string) string { v, _ := ev[k].(string); return v }
	public, _ := ev["public"].(bool)
	author, _ := ev["author_id"].(int64)
	id, _ := ev["id"].(int64)
	atts := []Attachment{}
	for _, x := range eventAttachments(ev) {
		if inline || !x.Inline {
			atts = append(atts, x)
		}
	}
	return Comment{
		ID: id, Type: "Comment", Body: s("body"), HTMLBody: s("html_body"), PlainBody: s("plain_body"),
		Public: public, AuthorID: author, AuditID: a.ID, Attachments: atts, Via: cloneVia(a.Via),
		Metadata:  map[string]any{"system": a.Metadata.System, "custom": a.Metadata.Custom},
		CreatedAt: a.CreatedAt,
	}
}

func eventAttachments(ev AuditEvent) []Attachment {
	atts, _ := ev["attachments"].([]Attachment)
	return slices.Clone(atts)
}

// commentLimitReached reports whether a ticket holds as many comments as it may.
func (st *store) commentLimitReached(ticketID int64) bool {
	return len(st.comments[ticketID]) >= st.conv.opts.limit()
}

func (st *store) errCommentLimit() *apiError {
	n := st.conv.opts.limit()
	return invalid("comment", fmt.Sprintf("Comment: this ticket has reached the limit of %d comments", n), "TooManyComments")
}

func commentIDs(r *http.Request) (ticketID, commentID int64, err *apiError) {
	t, e1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	c, e2 := strconv.ParseInt(r.PathValue("comment"), 10, 64)
	if e1 != nil || e2 != nil {
		return 0, 0, errNotFound()
	}
	return t, c, nil
}

// listComments serves GET tickets/{id}/comments: oldest first, inline images only with
// include_inline_images=true, the authors side-loaded with include=users.
func (s *Server) listComments(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	comments := s.st.commentsOf(t.ID, q.Get("include_inline_images") == "true")
	var extra func([]Comment) map[string]any
	if slices.Contains(strings.Split(q.Get("include"), ","), "users") {
		extra = func(page []Comment) map[string]any {
			users := []User{}
			var seen []int64
			for _, c := range page {
				if u, ok := s.st.users[c.AuthorID]; ok && !slices.Contains(seen, c.AuthorID) {
					seen = append(seen, c.AuthorID)
					users = append(users, *u)
				}
			}
			return map[string]any{"users": users}
		}
	}
	return writeTimed(s, w, r, "comments", comments, func(c Comment) timed { return timed{c.CreatedAt, c.ID} }, extra)
}

func (s *Server) countComments(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	t, err := s.ticketOf(r)
	if err != nil {
		return err
	}
	writeCount(w, len(s.st.comments[t.ID]))
	return nil
}

// makePrivate serves PUT tickets/{t}/comments/{c}/make_private: 200 with an empty body. A
// public comment becomes private and an audit records a CommentPrivacyChange event; the
// ticket's is_public turns false when no public comment is left. A comment already private
// is left as it is, with no audit *(choice)*.
func (s *Server) makePrivate(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	tid, cid, err := commentIDs(r)
	if err != nil {
		return err
	}
	t, ok := s.st.tickets[tid]
	if !ok {
		return errNotFound()
	}
	ev, _, ok := s.st.findComment(tid, cid)
	if !ok {
		return errNotFound()
	}
	if ev["public"] == true {
		ev["public"] = false
		evs, _ := s.st.commentEvents(tid)
		t.IsPublic = slices.ContainsFunc(evs, func(e AuditEvent) bool { return e["public"] == true })
		touch(t)
		s.st.record(t, s.caller(r, actor), []AuditEvent{{"type": "CommentPrivacyChange", "comment_id": cid, "public": false}}, nil)
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// redactText serves the legacy PUT tickets/{t}/comments/{c}/redact {"text"}: every occurrence
// of text in the comment's bodies becomes ▇, one per character, and the answer is {comment}.
// Closed tickets refuse it (422). Text the comment does not hold leaves it unchanged *(choice)*.
// A change is delivered to webhooks as comment_redacted.
func (s *Server) redactText(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	tid, cid, err := commentIDs(r)
	if err != nil {
		return err
	}
	var body struct {
		Text string `json:"text"`
	}
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	t, ok := s.st.tickets[tid]
	if !ok {
		return errNotFound()
	}
	ev, a, ok := s.st.findComment(tid, cid)
	if !ok {
		return errNotFound()
	}
	if body.Text == "" {
		return errMissing("text")
	}
	if t.Status == "closed" {
		return invalid("base", "Comment redaction is not available on closed tickets; use comment_redactions", "ClosedTicket")
	}
	before := ev["body"]
	redactStrings(ev, []string{body.Text})
	s.webhookRedacted(t, actor, ev, ev["body"] != before, nil)
	writeJSON(w, http.StatusOK, map[string]any{"comment": renderComment(ev, a, true)})
	return nil
}

// marks is s redacted: each character becomes ▇ but white space stays, as the recorded answer
// of a redacted card number shows ("▇▇▇▇ ▇▇▇▇ ▇▇▇▇ ▇▇▇▇").
func marks(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return r
		}
		return redactMark
	}, s)
}

// redactStrings replaces each of parts in the comment's bodies with ▇ marks.
func redactStrings(ev AuditEvent, parts []string) {
	for _, k := range []string{"body", "html_body", "plain_body"} {
		v, _ := ev[k].(string)
		for _, p := range parts {
			if p != "" {
				v = strings.ReplaceAll(v, p, marks(p))
			}
		}
		ev[k] = v
	}
}

var redactTag = regexp.MustCompile(`(?s)<redact>(.*?)</redact>`)

// redactComment serves PUT comment_redactions/{c} {ticket_id, html_body,
// external_attachment_urls}: html_body is the comment's own html_body with the parts to remove
// inside <redact>…</redact>; each such part becomes ▇ marks (also in body and plain_body), and
// each attachment whose content_url is listed is redacted. It works on closed tickets. An
// html_body that is not the comment's own once the tags are taken out is 422 *(choice)*.
// Webhooks get comment_redacted for redacted text, then attachment_redacted_from_comment for
// each attachment.
func (s *Server) redactComment(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	cid, perr := strconv.ParseInt(r.PathValue("comment"), 10, 64)
	if perr != nil {
		return errNotFound()
	}
	var body struct {
		TicketID               int64    `json:"ticket_id"`
		HTMLBody               string   `json:"html_body"`
		ExternalAttachmentURLs []string `json:"external_attachment_urls"`
	}
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	if body.TicketID == 0 {
		return errMissing("ticket_id")
	}
	t, ok := s.st.tickets[body.TicketID]
	if !ok {
		return errNotFound()
	}
	ev, a, ok := s.st.findComment(body.TicketID, cid)
	if !ok {
		return errNotFound()
	}
	var parts []string
	for _, m := range redactTag.FindAllStringSubmatch(body.HTMLBody, -1) {
		parts = append(parts, m[1])
	}
	if len(parts) == 0 && len(body.ExternalAttachmentURLs) == 0 {
		return invalid("html_body", "Html body: wrap the text to redact in <redact></redact>", "InvalidValue")
	}
	changed := false
	if len(parts) > 0 {
		plain := redactTag.ReplaceAllString(body.HTMLBody, "$1")
		if plain != ev["html_body"] {
			return invalid("html_body", "Html body: does not match the comment's html_body", "InvalidValue")
		}
		before := ev["html_body"]
		ev["html_body"] = redactTag.ReplaceAllStringFunc(body.HTMLBody, func(m string) string {
			return marks(redactTag.FindStringSubmatch(m)[1])
		})
		changed = ev["html_body"] != before
		for _, k := range []string{"body", "plain_body"} {
			v, _ := ev[k].(string)
			for _, p := range parts {
				// The text bodies hold a part as text: "Tom &amp; Jerry" is "Tom & Jerry" there.
				for _, q := range []string{p, htmlText(p)} {
					if q != "" {
						v = strings.ReplaceAll(v, q, marks(q))
					}
				}
			}
			ev[k] = v
		}
	}
	var redacted []int64
	for _, u := range body.ExternalAttachmentURLs {
		for _, x := range eventAttachments(ev) {
			if x.ContentURL == u || x.MappedContentURL == u {
				s.st.redactAttachment(x.ID)
				redacted = append(redacted, x.ID)
			}
		}
	}
	s.webhookRedacted(t, actor, ev, changed, redacted)
	writeJSON(w, http.StatusOK, map[string]any{"comment": renderComment(ev, a, true)})
	return nil
}

// redactAttachmentRoute serves PUT tickets/{t}/comments/{c}/attachments/{a}/redact: the file
// becomes redacted.txt. The answer shows the attachment as it was before, as a recorded answer
// of Zendesk did; GET attachments/{id} and the comment show the change, and webhooks get
// attachment_redacted_from_comment.
func (s *Server) redactAttachmentRoute(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	tid, cid, err := commentIDs(r)
	if err != nil {
		return err
	}
	aid, perr := strconv.ParseInt(r.PathValue("attachment"), 10, 64)
	if perr != nil {
		return errNotFound()
	}
	ev, _, ok := s.st.findComment(tid, cid)
	if !ok {
		return errNotFound()
	}
	i := slices.IndexFunc(eventAttachments(ev), func(x Attachment) bool { return x.ID == aid })
	if i < 0 {
		return errNotFound()
	}
	before := eventAttachments(ev)[i]
	s.st.redactAttachment(aid)
	if t, ok := s.st.tickets[tid]; ok {
		s.webhookRedacted(t, actor, ev, false, []int64{aid})
	}
	writeJSON(w, http.StatusOK, map[string]any{"attachment": before})
	return nil
}
