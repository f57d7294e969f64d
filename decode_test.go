package zendesk

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The rules of decode.go, one shape at a time, through encoding/json (as a caller decoding a
// model from a cache would) and through the SDK's own read of an answer.

func TestDecodeRulesScalars(t *testing.T) {
	checkTicketCases(t, []ticketCase{
		{"id integral float", `{"id":1e3}`, func(t Ticket) bool { return t.ID == 1000 }},
		{"id numeric string float", `{"id":"1e3"}`, func(t Ticket) bool { return t.ID == 1000 }},
		{"id object", `{"id":{"a":1},"subject":"kept"}`, func(t Ticket) bool { return t.ID == 0 && t.Subject == "kept" }},
		{"id list", `{"id":[1]}`, func(t Ticket) bool { return t.ID == 0 }},
		{"id 19 digits", `{"id":1234567890123456789}`, func(t Ticket) bool { return t.ID == 1234567890123456789 }},
		{"id past int64", `{"id":9223372036854775808}`, func(t Ticket) bool { return t.ID == 0 }},
		{"text from number", `{"subject":42.5}`, func(t Ticket) bool { return t.Subject == "42.5" }},
		{"text from bool", `{"subject":true}`, func(t Ticket) bool { return t.Subject == "true" }},
		{"text from object", `{"subject":{ "a" : [1, 2] }}`, func(t Ticket) bool { return t.Subject == `{"a":[1,2]}` }},
		{"enum from number", `{"status":3}`, func(t Ticket) bool { return t.Status == "3" }},
		{"bool from string", `{"is_public":"true","has_incidents":"false"}`, func(t Ticket) bool { return t.IsPublic && !t.HasIncidents }},
		{"bool from 1", `{"is_public":1}`, func(t Ticket) bool { return t.IsPublic }},
		{"bool from object", `{"is_public":{}}`, func(t Ticket) bool { return !t.IsPublic }},
		{"time without offset", `{"created_at":"2026-03-02T09:15:27"}`, func(t Ticket) bool {
			return t.CreatedAt.Equal(time.Date(2026, 3, 2, 9, 15, 27, 0, time.UTC))
		}},
		{"time with fraction", `{"created_at":"2026-03-02T09:15:27.250Z"}`, func(t Ticket) bool {
			return t.CreatedAt.Equal(time.Date(2026, 3, 2, 9, 15, 27, 250e6, time.UTC))
		}},
		{"time in Unix seconds", `{"updated_at":1772643731}`, func(t Ticket) bool { return t.UpdatedAt.Unix() == 1772643731 }},
		{"time null", `{"created_at":null}`, func(t Ticket) bool { return t.CreatedAt.IsZero() }},
		{"tags not a list", `{"tags":"a,b"}`, func(t Ticket) bool { return t.Tags == nil }},
		{"tags numbers", `{"tags":[1,true]}`, func(t Ticket) bool { return reflect.DeepEqual(t.Tags, []string{"1", "true"}) }},
		{"duplicate key, last wins", `{"id":1,"id":2}`, func(t Ticket) bool { return t.ID == 2 }},
		{"invalid UTF-8 replaced", "{\"subject\":\"a\xff\xfeb\",\"tags\":[\"\x9c\xad\\\\n\"]}", func(t Ticket) bool {
			return t.Subject == "a\uFFFD\uFFFDb" && t.Tags[0] == "\uFFFD\uFFFD\\n"
		}},
		{"escapes", `{"subject":"\u00e9\n\"q\""}`, func(t Ticket) bool { return t.Subject == "é\n\"q\"" }},
	})
}

// TestDecodeKeysMatchExactly: v2's case-insensitive mode would also ignore '_' and '-', so
// "GroupID", "groupid" or "group-id" would fill GroupID. Keys match as the API spells them.
func TestDecodeKeysMatchExactly(t *testing.T) {
	var tk Ticket
	in := `{"ID":1,"Subject":"no","groupid":2,"group-id":3,"GROUP_ID":4,"requesterId":5,"subject":"yes"}`
	if err := json.Unmarshal([]byte(in), &tk); err != nil {
		t.Fatal(err)
	}
	if tk.ID != 0 || tk.GroupID != 0 || tk.RequesterID != 0 || tk.Subject != "yes" {
		t.Errorf("ticket = %+v, want only subject filled", tk)
	}
}

// TestDecodeIntoUsedValues: json v2 merges an object into a non-zero struct; every model is
// decoded afresh, as encoding/json's UnmarshalJSON methods did.
func TestDecodeIntoUsedValues(t *testing.T) {
	tk := Ticket{ID: 9, Subject: "old", Tags: []string{"old"}, Via: Via{Channel: "old"},
		SatisfactionRating: &SatisfactionRating{Score: "good"}, CustomFields: []CustomField{{ID: 1, Value: "old"}}}
	if err := json.Unmarshal([]byte(`{"id":1,"via":{"source":{"rel":"r"}},"satisfaction_rating":{"comment":"c"},"custom_fields":[{"value":"v"}]}`), &tk); err != nil {
		t.Fatal(err)
	}
	want := Ticket{ID: 1, Via: Via{Source: ViaSource{Rel: "r"}}, SatisfactionRating: &SatisfactionRating{Comment: "c"},
		CustomFields: []CustomField{{Value: "v"}}}
	if !reflect.DeepEqual(tk, want) {
		t.Errorf("ticket = %+v\nwant %+v", tk, want)
	}
	js := JobStatus{ID: "V3-old", Total: 5, Results: []JobResult{{ID: 1}}}
	if err := json.Unmarshal([]byte(`{"status":"queued"}`), &js); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(js, JobStatus{Status: JobQueued}) {
		t.Errorf("job status = %+v", js)
	}
	e := AuditEvent{Type: "Comment", Body: "old", Raw: json.RawMessage(`{}`)}
	if err := json.Unmarshal([]byte(`{"type":"Change"}`), &e); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(e, AuditEvent{Type: "Change", Raw: json.RawMessage(`{"type":"Change"}`)}) {
		t.Errorf("event = %+v", e)
	}
}

// TestDecodeAnyValues: values of type any (custom fields, event values, a map given to the
// client) keep numbers as json.Number, audit metadata as float64 (as documented on it).
func TestDecodeAnyValues(t *testing.T) {
	var e AuditEvent
	if err := json.Unmarshal([]byte(`{"value":{"a":[1,2.5,"x",null,{}]},"previous_value":12345678901234567890}`), &e); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": []any{json.Number("1"), json.Number("2.5"), "x", nil, map[string]any{}}}
	if !reflect.DeepEqual(e.Value, want) || e.PreviousValue != json.Number("12345678901234567890") {
		t.Errorf("event = %#v, %#v", e.Value, e.PreviousValue)
	}
	var m AuditMetadata
	if err := json.Unmarshal([]byte(`{"custom":{"n":1,"l":[2]},"system":"x"}`), &m); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, AuditMetadata{Custom: map[string]any{"n": 1.0, "l": []any{2.0}}}) {
		t.Errorf("metadata = %#v", m)
	}
	c, mock := setup(t)
	on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, `{"ticket":{"id":35436,"x":[true]}}`))
	var out map[string]any
	if _, err := c.get(context.Background(), "tickets/1.json", nil, &out); err != nil {
		t.Fatal(err)
	}
	if want := map[string]any{"ticket": map[string]any{"id": json.Number("35436"), "x": []any{true}}}; !reflect.DeepEqual(out, want) {
		t.Errorf("out = %#v", out)
	}
}

// nested returns a JSON list nested depth deep around 1.
func nested(depth int) string {
	return strings.Repeat("[", depth) + "1" + strings.Repeat("]", depth)
}

// TestDecodeDepthIsBounded (issue 12, item 7): a value kept as a Go any nests at most
// maxValueDepth levels; deeper is a *DecodeError, found at once.
func TestDecodeDepthIsBounded(t *testing.T) {
	for _, depth := range []int{maxValueDepth, maxValueDepth + 1, 2000} {
		t.Run(strconv.Itoa(depth), func(t *testing.T) {
			c, mock := setup(t)
			body := `{"ticket":{"id":1,"custom_fields":[{"id":2,"value":` + nested(depth) + `}]}}`
			on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, body))
			tk, err := c.Tickets.Get(context.Background(), 1)
			if depth <= maxValueDepth {
				if err != nil || tk.CustomFields[0].ID != 2 {
					t.Fatalf("Get = %+v, %v", tk, err)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), "nests deeper than 64") || tk != nil {
				t.Errorf("Get = %+v, %v; want a *DecodeError naming the bound", tk, err)
			}
		})
	}
	// The case of the report: 50 KB nested 2,000 deep took 948 ms to decode (11 ms for the same
	// size 10 deep). It is now refused as soon as the 65th level opens.
	value := `[` + strings.Repeat(`"padding",`, 4800) + nested(2000) + `]`
	body := []byte(`{"ticket":{"id":1,"custom_fields":[{"id":2,"value":` + value + `}]}}`)
	start := time.Now()
	var out ticketAnswerBody
	err := decodeAnswer(bytes.NewReader(body), &out, 0)
	if took := time.Since(start); err == nil || took > 200*time.Millisecond {
		t.Errorf("%d KB nested 2,000 deep: %v after %s", len(body)>>10, err, took)
	}
}

// TestDecodeTimeIsLinearInDepth (issue 12, item 7): a deeply nested value that the SDK skips,
// or keeps as raw JSON (ViaEndpoint.Raw), costs time linear in its size, as a flat value of the
// same size does. The scanner this replaces walked each level again (quadratic: 2,000 levels
// took 86 times as long as 10 levels of the same size).
func TestDecodeTimeIsLinearInDepth(t *testing.T) {
	if testing.Short() {
		t.Skip("times a decode")
	}
	const size = 1 << 20
	deep := nested(9000)
	deep += strings.Repeat(" ", size-len(deep))
	flat := "[" + strings.Repeat("[1],", (size-2)/4-1) + "[1]]"
	decode := func(v string) time.Duration {
		body := []byte(`{"tickets":[{"id":1,"unknown":` + v + `,"via":{"source":{"from":{"id":7,"x":` + v + `}}}}],"meta":{}}`)
		best := time.Hour
		for range 3 {
			start := time.Now()
			p := &pageBody[Ticket]{key: "tickets"}
			if err := decodeAnswer(bytes.NewReader(body), p, 0); err != nil || len(p.page.Items) != 1 {
				t.Fatalf("decode: %v", err)
			}
			if from := p.page.Items[0].Via.Source.From; from.ID != 7 || len(from.Raw) < size {
				t.Fatalf("via.source.from: id %d, %d bytes of raw JSON", from.ID, len(from.Raw))
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	d, f := decode(deep), decode(flat)
	t.Logf("deep %s, flat %s", d, f)
	if d > 10*f+20*time.Millisecond {
		t.Errorf("9,000 levels took %s, %d KB flat %s: not linear", d, size>>10, f)
	}
}

// TestDecodeBoundedBytes (issue 12, item 2): a 2xx answer is read up to WithMaxResponseBytes and
// no further; past it the call ends with a *DecodeError naming the bound.
func TestDecodeBoundedBytes(t *testing.T) {
	body := `{"ticket":{"id":1,"subject":"` + strings.Repeat("x", 1000) + `"}}`
	for _, tt := range []struct {
		limit int64
		ok    bool
	}{{int64(len(body)), true}, {int64(len(body)) - 1, false}, {100, false}} {
		t.Run(strconv.FormatInt(tt.limit, 10), func(t *testing.T) {
			c, mock := setup(t, WithMaxResponseBytes(tt.limit))
			on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, body))
			tk, err := c.Tickets.Get(context.Background(), 1)
			if tt.ok {
				if err != nil || len(tk.Subject) != 1000 {
					t.Fatalf("Get = %v", err)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) || de.StatusCode != 200 || !strings.Contains(err.Error(), "WithMaxResponseBytes") {
				t.Errorf("Get = %v, want a *DecodeError naming the bound", err)
			}
		})
	}
}

// TestDecodeBoundCountsGzipExpansion: the bound is on the bytes decoded, after gzip: a 1 MiB
// answer that travels as about 1 KB is refused by a 64 KiB bound.
func TestDecodeBoundCountsGzipExpansion(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(`{"ticket":{"id":1,"subject":"` + strings.Repeat("x", 1<<20) + `"}}`))
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(zipped.Bytes())
	}))
	defer srv.Close()
	if zipped.Len() > 8<<10 {
		t.Fatalf("the gzip body is %d bytes", zipped.Len())
	}
	_, err := faultClient(t, srv, WithMaxResponseBytes(64<<10)).Tickets.Get(context.Background(), 1)
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "65536-byte bound") {
		t.Errorf("Get = %v, want a *DecodeError naming the bound", err)
	}
	// The default bound lets it through.
	if tk, err := faultClient(t, srv).Tickets.Get(context.Background(), 1); err != nil || len(tk.Subject) != 1<<20 {
		t.Errorf("Get with the default bound: %v", err)
	}
}

// TestDecodeSkipsUnknownValuesWithoutBuffering (issue 12, item 2): a 16 MB value under a key
// the SDK does not read streams past; the old decoder held it whole to skip it.
func TestDecodeSkipsUnknownValuesWithoutBuffering(t *testing.T) {
	body := []byte(`{"tickets":[{"id":1,"extra":[` + strings.Repeat(`1234567,`, 1<<20) + `1]}],"unknown":[` +
		strings.Repeat(`{"a":[1,"b"]},`, 1<<20) + `{}],"meta":{"has_more":false}}`)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p := &pageBody[Ticket]{key: "tickets"}
	err := decodeAnswer(bytes.NewReader(body), p, 0)
	runtime.ReadMemStats(&after)
	if err != nil || len(p.page.Items) != 1 || p.page.Items[0].ID != 1 {
		t.Fatalf("decode: %v, %+v", err, p.page.Items)
	}
	t.Logf("skipping %d MB allocated %d KB", len(body)>>20, (after.TotalAlloc-before.TotalAlloc)>>10)
	if got := after.TotalAlloc - before.TotalAlloc; got > uint64(len(body))/8 {
		t.Errorf("skipping %d MB allocated %d KB", len(body)>>20, got>>10)
	}
}

// TestDecodePageRefusesFarMoreItemsThanAsked (issue 12, item 2): a page of 2×size+pageSlack
// items is kept; one more is a *DecodeError, so a server cannot make one page cost without end.
func TestDecodePageRefusesFarMoreItemsThanAsked(t *testing.T) {
	page := func(n int) string {
		items := make([]string, n)
		for i := range items {
			items[i] = `{"id":` + strconv.Itoa(i+1) + `}`
		}
		return `{"tickets":[` + strings.Join(items, ",") + `],"meta":{"has_more":false}}`
	}
	for _, tt := range []struct {
		size, n int
		ok      bool
	}{{2, 2*2 + pageSlack, true}, {2, 2*2 + pageSlack + 1, false}, {0, 2*maxPageSize + pageSlack + 1, false}, {100, 20000, false}} {
		t.Run(strconv.Itoa(tt.size)+"/"+strconv.Itoa(tt.n), func(t *testing.T) {
			c, mock := setup(t)
			on(t, mock, "GET", "/api/v2/tickets.json", respond(200, page(tt.n)))
			p, err := c.Tickets.List(context.Background(), &ListOptions{PageSize: tt.size})
			if tt.ok {
				if err != nil || len(p.Items) != tt.n {
					t.Fatalf("List: %v", err)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) || !errors.Is(err, errTooManyItems) || p != nil {
				t.Errorf("List = %v, want a *DecodeError", err)
			}
		})
	}
}

func TestDecodeTrailingDataIsRefused(t *testing.T) {
	for body, ok := range map[string]bool{
		`{"ticket":{"id":1}}` + "\n\t ":           true,
		`{"ticket":{"id":1}} {"ticket":{"id":2}}`: false,
		`{"ticket":{"id":1}}<html>`:               false,
	} {
		c, mock := setup(t)
		on(t, mock, "GET", "/api/v2/tickets/1.json", respond(200, body))
		_, err := c.Tickets.Get(context.Background(), 1)
		var de *DecodeError
		if ok != (err == nil) || (!ok && !errors.As(err, &de)) {
			t.Errorf("%q: err = %v", body, err)
		}
	}
}

// TestDecodeModelsCallNoMethodLoop: every model with an UnmarshalJSON method has a rule, so
// that json v2 never calls the method back from inside the rules (which would recurse).
func TestDecodeModelsCallNoMethodLoop(t *testing.T) {
	for _, v := range []any{new(Ticket), new(Via), new(ViaSource), new(ViaEndpoint), new(SatisfactionRating),
		new(CustomField), new(TicketRelated), new(Audit), new(AuditMetadata), new(AuditEvent), new(JobStatus),
		new(JobResult), new(User), new(Collaborator), new(Sideloads), new(Group), new(Organization),
		new(TicketComment), new(Attachment), new(Upload), new(TicketField), new(FieldOption), new(DeletedTicket),
		new(DeletedBy), new(TwicketStatus), new(TicketEvent)} {
		for _, in := range []string{`{}`, `null`, `"x"`, `7`, `[1]`, `true`} {
			_ = json.Unmarshal([]byte(in), v) // must return, not overflow the stack
		}
	}
}

// TestDecodeEveryModelHasTheTolerance: each public model read from an answer keeps an
// UnmarshalJSON method, so that a caller decoding one with encoding/json (from a cache, a queue)
// gets the tolerance the SDK's own reads have: here a string id, a null text and a numeric
// string count.
func TestDecodeEveryModelHasTheTolerance(t *testing.T) {
	const in = `{"id":"12","name":null,"title":null,"body":null,"file_name":null,"size":"3","position":"2","token":null,"subject":null}`
	for _, tc := range []struct {
		v    any
		want any
	}{
		{new(TicketComment), &TicketComment{ID: 12}},
		{new(Attachment), &Attachment{ID: 12, Size: 3}},
		{new(Upload), &Upload{}},
		{new(TicketField), &TicketField{ID: 12, Position: 2}},
		{new(FieldOption), &FieldOption{ID: 12, Position: 2}},
		{new(DeletedTicket), &DeletedTicket{ID: 12}},
		{new(DeletedBy), &DeletedBy{ID: 12}},
		{new(TwicketStatus), &TwicketStatus{ID: 12}},
		{new(Group), &Group{ID: 12}},
		{new(Organization), &Organization{ID: 12}},
		{new(User), &User{ID: 12}},
		{new(TicketEvent), &TicketEvent{ID: 12}},
	} {
		if _, ok := tc.v.(json.Unmarshaler); !ok {
			t.Errorf("%T has no UnmarshalJSON method", tc.v)
			continue
		}
		if err := json.Unmarshal([]byte(in), tc.v); err != nil {
			t.Errorf("%T: %v", tc.v, err)
			continue
		}
		if !reflect.DeepEqual(tc.v, tc.want) {
			t.Errorf("%T = %+v, want %+v", tc.v, tc.v, tc.want)
		}
	}
}

func jsonNumber(s string) json.Number { return json.Number(s) }

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }

// TestDecodeEveryUnmarshalJSONHasARule: a model whose UnmarshalJSON method (for callers who
// decode it with encoding/json) goes through the rules must have a rule of its own in decode.go. Without one, json v2 would call
// the method, which calls json v2 again: endless recursion. New models are caught here.
func TestDecodeEveryUnmarshalJSONHasARule(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var rules []byte // the rules live in decode.go and decode_shapes.go
	for _, f := range []string{"decode.go", "decode_shapes.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, b...)
	}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Name.Name != "UnmarshalJSON" || fn.Recv == nil {
				continue
			}
			star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			id, ok := star.X.(*ast.Ident)
			if !ok {
				continue // Param[T]: a request type, never read from an answer
			}
			callsRules := false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					if f, ok := c.Fun.(*ast.Ident); ok && f.Name == "unmarshal" {
						callsRules = true
					}
				}
				return true
			})
			if !callsRules {
				continue // decodes with encoding/json itself (ErrorDetail)
			}
			name := id.Name
			if !bytes.Contains(rules, []byte("plain["+name+", ")) && !regexp.MustCompile(`\*`+name+`\) error`).Match(rules) {
				t.Errorf("%s has an UnmarshalJSON method but no rule in decode.go or decode_shapes.go", name)
			}
		}
	}
}
