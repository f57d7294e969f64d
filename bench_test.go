package zendesk

// Benchmarks of the SDK against plain net/http + encoding/json, side by side on the same
// httptest server with the same payloads. Each pair is named BenchmarkX/impl=sdk and
// BenchmarkX/impl=plain so that `benchstat -col /impl` puts them side by side; see README.md,
// "Performance", for the command and figures.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// benchPages is how many pages of 100 tickets BenchmarkListAll walks through (10,000 tickets).
const benchPages = 100

// benchServer serves the fixtures the benchmarks read: one ticket (testdata/ticket.json: ~40
// keys, custom fields of every type), the answer of a create (testdata/ticket_create.json,
// ticket and audit), and pages of 100 such tickets, `?page[after]=N` giving page N of
// benchPages.
func benchServer(b *testing.B) *httptest.Server {
	b.Helper()
	ticket := fixture(b, "ticket.json")
	created := fixture(b, "ticket_create.json")
	var inner struct {
		Ticket json.RawMessage `json:"ticket"`
	}
	if err := json.Unmarshal(ticket, &inner); err != nil {
		b.Fatal(err)
	}
	pagePrefix := benchPagePrefix(inner.Ticket)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/tickets/35436.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(ticket)
	})
	mux.HandleFunc("POST /api/v2/tickets.json", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(created)
	})
	mux.HandleFunc("GET /api/v2/tickets.json", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("page[after]"))
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(pagePrefix)
		fmt.Fprintf(w, `"meta":{"has_more":%t,"after_cursor":"%d","before_cursor":"%d"},`+
			`"links":{"next":"https://acme.zendesk.com/api/v2/tickets.json?page%%5Bafter%%5D=%d&page%%5Bsize%%5D=100","prev":null}}`,
			n+1 < benchPages, n+1, n, n+1)
	})
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	return srv
}

// benchPagePrefix is `{"tickets":[…],` with 100 copies of ticket, numbered from its id on.
func benchPagePrefix(ticket []byte) []byte {
	var items bytes.Buffer
	items.WriteString(`{"tickets":[`)
	for i := range 100 {
		if i > 0 {
			items.WriteByte(',')
		}
		items.Write(bytes.Replace(ticket, []byte(`"id": 35436,`), []byte(`"id": `+strconv.Itoa(35436+i)+`,`), 1))
	}
	items.WriteString(`],`)
	return items.Bytes()
}

// benchClients returns the SDK's client and the plain *http.Client, each with a transport of
// its own (the same settings) to the same server.
func benchClients(b *testing.B, srv *httptest.Server) (*Client, *http.Client) {
	b.Helper()
	newHC := func() *http.Client {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		b.Cleanup(tr.CloseIdleConnections)
		return &http.Client{Transport: tr, Timeout: time.Minute}
	}
	c, err := NewClient("", WithBaseURL(srv.URL), WithHTTPClient(newHC()), WithAPIToken("agent@example.com", "s3cr3t-token"))
	if err != nil {
		b.Fatal(err)
	}
	return c, newHC()
}

// The plain baseline: structs with the same fields as the SDK's models, values where the SDK
// holds values and any where it holds any, decoded by encoding/json alone.
type (
	plainTicket struct {
		ID                   int64              `json:"id"`
		URL                  string             `json:"url"`
		EncodedID            string             `json:"encoded_id"`
		ExternalID           string             `json:"external_id"`
		Type                 string             `json:"type"`
		Subject              string             `json:"subject"`
		RawSubject           string             `json:"raw_subject"`
		Description          string             `json:"description"`
		Priority             string             `json:"priority"`
		Status               string             `json:"status"`
		CustomStatusID       int64              `json:"custom_status_id"`
		Recipient            string             `json:"recipient"`
		RequesterID          int64              `json:"requester_id"`
		SubmitterID          int64              `json:"submitter_id"`
		AssigneeID           int64              `json:"assignee_id"`
		OrganizationID       int64              `json:"organization_id"`
		GroupID              int64              `json:"group_id"`
		CollaboratorIDs      []int64            `json:"collaborator_ids"`
		EmailCCIDs           []int64            `json:"email_cc_ids"`
		FollowerIDs          []int64            `json:"follower_ids"`
		ForumTopicID         int64              `json:"forum_topic_id"`
		ProblemID            int64              `json:"problem_id"`
		HasIncidents         bool               `json:"has_incidents"`
		IsPublic             bool               `json:"is_public"`
		DueAt                *time.Time         `json:"due_at"`
		Tags                 []string           `json:"tags"`
		Via                  plainVia           `json:"via"`
		CustomFields         []plainCustomField `json:"custom_fields"`
		Fields               []plainCustomField `json:"fields"`
		SatisfactionRating   *plainRating       `json:"satisfaction_rating"`
		SharingAgreementIDs  []int64            `json:"sharing_agreement_ids"`
		FollowupIDs          []int64            `json:"followup_ids"`
		TicketFormID         int64              `json:"ticket_form_id"`
		BrandID              int64              `json:"brand_id"`
		AllowChannelback     bool               `json:"allow_channelback"`
		AllowAttachments     bool               `json:"allow_attachments"`
		FromMessagingChannel bool               `json:"from_messaging_channel"`
		GeneratedTimestamp   int64              `json:"generated_timestamp"`
		CreatedAt            time.Time          `json:"created_at"`
		UpdatedAt            time.Time          `json:"updated_at"`
	}
	plainVia struct {
		Channel string `json:"channel"`
		Source  struct {
			From plainViaEndpoint `json:"from"`
			To   plainViaEndpoint `json:"to"`
			Rel  string           `json:"rel"`
		} `json:"source"`
	}
	plainViaEndpoint struct {
		ID             int64  `json:"id"`
		Address        string `json:"address"`
		Name           string `json:"name"`
		Title          string `json:"title"`
		Deleted        bool   `json:"deleted"`
		RevisionID     int64  `json:"revision_id"`
		TicketID       int64  `json:"ticket_id"`
		Subject        string `json:"subject"`
		Username       string `json:"username"`
		ProfileURL     string `json:"profile_url"`
		Phone          string `json:"phone"`
		FormattedPhone string `json:"formatted_phone"`
	}
	plainCustomField struct {
		ID    int64 `json:"id"`
		Value any   `json:"value"`
	}
	plainRating struct {
		ID       int64  `json:"id"`
		Score    string `json:"score"`
		Comment  string `json:"comment"`
		Reason   string `json:"reason"`
		ReasonID int64  `json:"reason_id"`
	}
	plainAudit struct {
		ID        int64     `json:"id"`
		TicketID  int64     `json:"ticket_id"`
		AuthorID  int64     `json:"author_id"`
		CreatedAt time.Time `json:"created_at"`
		Via       *plainVia `json:"via"`
		Metadata  struct {
			Custom map[string]any `json:"custom"`
			System map[string]any `json:"system"`
		} `json:"metadata"`
		Events []struct {
			ID            int64     `json:"id"`
			Type          string    `json:"type"`
			FieldName     string    `json:"field_name"`
			Value         any       `json:"value"`
			PreviousValue any       `json:"previous_value"`
			Body          string    `json:"body"`
			HTMLBody      string    `json:"html_body"`
			PlainBody     string    `json:"plain_body"`
			Public        bool      `json:"public"`
			AuthorID      int64     `json:"author_id"`
			Subject       string    `json:"subject"`
			Recipients    []int64   `json:"recipients"`
			Via           *plainVia `json:"via"`
			Attachments   []struct {
				ID          int64  `json:"id"`
				URL         string `json:"url"`
				FileName    string `json:"file_name"`
				ContentURL  string `json:"content_url"`
				ContentType string `json:"content_type"`
				Size        int64  `json:"size"`
				Inline      bool   `json:"inline"`
			} `json:"attachments"`
		} `json:"events"`
	}
	plainComment struct {
		Body   string `json:"body,omitempty"`
		Public *bool  `json:"public,omitempty"`
	}
	plainTicketRequest struct {
		Subject      string             `json:"subject,omitempty"`
		Comment      *plainComment      `json:"comment,omitempty"`
		Type         string             `json:"type,omitempty"`
		Priority     string             `json:"priority,omitempty"`
		RequesterID  int64              `json:"requester_id,omitempty"`
		GroupID      int64              `json:"group_id,omitempty"`
		ExternalID   string             `json:"external_id,omitempty"`
		DueAt        *time.Time         `json:"due_at,omitempty"`
		Tags         []string           `json:"tags,omitempty"`
		CustomFields []plainCustomField `json:"custom_fields,omitempty"`
	}
)

// plainDo is the baseline request path: build, send with the same headers as the SDK, check the
// status, decode the body into out.
func plainDo(ctx context.Context, hc *http.Client, method, url string, body any, wantStatus int, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "plain/1.0")
	req.SetBasicAuth("agent@example.com/token", "s3cr3t-token")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != wantStatus {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func BenchmarkGet(b *testing.B) {
	srv := benchServer(b)
	c, hc := benchClients(b, srv)
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			t, err := c.Tickets.Get(ctx, 35436)
			if err != nil || t.ID != 35436 {
				b.Fatal(t, err)
			}
		}
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out struct {
				Ticket *plainTicket `json:"ticket"`
			}
			if err := plainDo(ctx, hc, http.MethodGet, srv.URL+"/api/v2/tickets/35436.json", nil, 200, &out); err != nil || out.Ticket.ID != 35436 {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCreate(b *testing.B) {
	srv := benchServer(b)
	c, hc := benchClients(b, srv)
	ctx := context.Background()
	due := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			req := &TicketRequest{
				Subject:      Set("My printer is on fire!"),
				Comment:      &Comment{Body: "The smoke is very colorful.", Public: Set(true)},
				Type:         Set(TypeProblem),
				Priority:     Set(PriorityUrgent),
				RequesterID:  Set[int64](20978392),
				GroupID:      Set[int64](98738),
				ExternalID:   Set("order-88121"),
				DueAt:        Set(due),
				Tags:         Set([]string{"printer", "fire"}),
				CustomFields: []CustomField{{ID: 27642, Value: "745"}, {ID: 27643, Value: 12.5}, {ID: 27644, Value: true}},
			}
			t, a, err := c.Tickets.Create(ctx, req)
			if err != nil || t.ID != 35440 || a == nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		public := true
		for b.Loop() {
			req := &plainTicketRequest{
				Subject:      "My printer is on fire!",
				Comment:      &plainComment{Body: "The smoke is very colorful.", Public: &public},
				Type:         "problem",
				Priority:     "urgent",
				RequesterID:  20978392,
				GroupID:      98738,
				ExternalID:   "order-88121",
				DueAt:        &due,
				Tags:         []string{"printer", "fire"},
				CustomFields: []plainCustomField{{ID: 27642, Value: "745"}, {ID: 27643, Value: 12.5}, {ID: 27644, Value: true}},
			}
			var out struct {
				Ticket *plainTicket `json:"ticket"`
				Audit  *plainAudit  `json:"audit"`
			}
			body := struct {
				Ticket *plainTicketRequest `json:"ticket"`
			}{req}
			if err := plainDo(ctx, hc, http.MethodPost, srv.URL+"/api/v2/tickets.json", body, 201, &out); err != nil || out.Ticket.ID != 35440 || out.Audit == nil {
				b.Fatal(err)
			}
		}
	})
}

// plainPage is the baseline's decoding of one cursor page.
type plainPage struct {
	Tickets []plainTicket `json:"tickets"`
	Meta    struct {
		HasMore      bool   `json:"has_more"`
		AfterCursor  string `json:"after_cursor"`
		BeforeCursor string `json:"before_cursor"`
	} `json:"meta"`
}

func plainList(ctx context.Context, hc *http.Client, base, after string) (*plainPage, error) {
	u := base + "/api/v2/tickets.json?page%5Bsize%5D=100"
	if after != "" {
		u += "&page%5Bafter%5D=" + after
	}
	var p plainPage
	return &p, plainDo(ctx, hc, http.MethodGet, u, nil, 200, &p)
}

func BenchmarkList(b *testing.B) {
	srv := benchServer(b)
	c, hc := benchClients(b, srv)
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p, err := c.Tickets.List(ctx, nil)
			if err != nil || len(p.Items) != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p, err := plainList(ctx, hc, srv.URL, "")
			if err != nil || len(p.Tickets) != 100 {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkListAll(b *testing.B) {
	srv := benchServer(b)
	c, hc := benchClients(b, srv)
	ctx := context.Background()
	const want = benchPages * 100
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for t, err := range c.Tickets.ListAll(ctx, nil) {
				if err != nil {
					b.Fatal(err)
				}
				n += len(t.Subject)
			}
			if n != want*len("Help, my printer is on fire!") {
				b.Fatalf("read %d subject bytes", n)
			}
		}
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n, after := 0, ""
			for {
				p, err := plainList(ctx, hc, srv.URL, after)
				if err != nil {
					b.Fatal(err)
				}
				for _, t := range p.Tickets {
					n += len(t.Subject)
				}
				if !p.Meta.HasMore {
					break
				}
				after = p.Meta.AfterCursor
			}
			if n != want*len("Help, my printer is on fire!") {
				b.Fatalf("read %d subject bytes", n)
			}
		}
	})
}

// BenchmarkDecode measures decoding alone, without the HTTP round trip that dominates (and, on
// a shared machine, blurs) the time of Get and Create: the SDK's reader of 2xx answers against
// encoding/json into the plain structs, on the same bytes.
func BenchmarkDecode(b *testing.B) {
	ticket := fixture(b, "ticket.json")
	created := fixture(b, "ticket_create.json")
	var inner struct {
		Ticket json.RawMessage `json:"ticket"`
	}
	if err := json.Unmarshal(ticket, &inner); err != nil {
		b.Fatal(err)
	}
	page := append(benchPagePrefix(inner.Ticket), `"meta":{"has_more":true,"after_cursor":"1","before_cursor":"0"}}`...)
	for _, tt := range []struct {
		name  string
		body  []byte
		sdk   func() any
		plain func() any
	}{
		{"answer=get", ticket, func() any { return new(ticketAnswerBody) }, func() any {
			return new(struct {
				Ticket *plainTicket `json:"ticket"`
			})
		}},
		{"answer=create", created, func() any { return new(ticketAnswerBody) }, func() any {
			return new(struct {
				Ticket *plainTicket `json:"ticket"`
				Audit  *plainAudit  `json:"audit"`
			})
		}},
		{"answer=page", page, func() any { return &pageBody[Ticket]{key: "tickets", size: 100} }, func() any { return new(plainPage) }},
	} {
		b.Run(tt.name+"/impl=sdk", func(b *testing.B) {
			b.SetBytes(int64(len(tt.body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := decodeAnswer(bytes.NewReader(tt.body), tt.sdk(), 0); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tt.name+"/impl=plain", func(b *testing.B) {
			b.SetBytes(int64(len(tt.body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := json.NewDecoder(bytes.NewReader(tt.body)).Decode(tt.plain()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
