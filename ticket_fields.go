package zendesk

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// TicketField is a ticket field of the account: a system field (type "subject",
// "description", "status", "tickettype", "priority", "group", "assignee", …) or a custom one
// (type "text", "textarea", "checkbox", "date", "integer", "decimal", "regexp",
// "partialcreditcard", "multiselect", "tagger" or "lookup").
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/
type TicketField struct {
	ID               int64  `json:"id"`
	URL              string `json:"url"`
	Type             string `json:"type"`
	Title            string `json:"title"`
	RawTitle         string `json:"raw_title"`
	Description      string `json:"description"`
	AgentDescription string `json:"agent_description"`
	// Tag is the tag a checkbox field adds to a ticket when checked.
	Tag       string `json:"tag"`
	Position  int    `json:"position"`
	Active    bool   `json:"active"`
	Required  bool   `json:"required"`
	Removable bool   `json:"removable"`
	// RegexpForValidation is the pattern values of a regexp field must match.
	RegexpForValidation string `json:"regexp_for_validation"`
	// CustomFieldOptions are the options of a drop-down (tagger) or multiselect field.
	CustomFieldOptions []FieldOption `json:"custom_field_options"`
	CreatedAt          time.Time     `json:"created_at"`
	UpdatedAt          time.Time     `json:"updated_at"`
}

// UnmarshalJSON decodes a ticket field with the tolerance of [Ticket].
func (f *TicketField) UnmarshalJSON(b []byte) error { return unmarshal(b, f) }

// FieldOption is one option of a drop-down (tagger) or multiselect field: Name is what agents
// see, Value the tag a ticket holds and the value to send.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/#list-ticket-field-options
type FieldOption struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"`
	Name     string `json:"name"`
	RawName  string `json:"raw_name"`
	Value    string `json:"value"`
	Position int    `json:"position"`
	Default  bool   `json:"default"`
}

// UnmarshalJSON decodes a field option with the tolerance of [Ticket].
func (o *FieldOption) UnmarshalJSON(b []byte) error { return unmarshal(b, o) }

// TicketFieldsService reaches the account's ticket fields.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/
type TicketFieldsService service

func fieldPath(id int64, suffix string) string {
	return "ticket_fields/" + strconv.FormatInt(id, 10) + suffix
}

// List returns every ticket field of the account, system fields included, in position order
// (the order agents see them in).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/#list-ticket-fields
func (s *TicketFieldsService) List(ctx context.Context) ([]TicketField, error) {
	fields, err := collectAll(listAll(ctx, "TicketFields.List", nil, func(ctx context.Context, o *ListOptions) (*Page[TicketField], error) {
		return listPage[TicketField](ctx, s.client, "TicketFields.List", "ticket_fields.json", "ticket_fields", nil, o)
	}))
	slices.SortStableFunc(fields, func(a, b TicketField) int { return a.Position - b.Position })
	return fields, err
}

// collectAll gathers an iteration into a slice, stopping at its first error.
func collectAll[T any](seq func(yield func(T, error) bool)) ([]T, error) {
	var out []T
	for item, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}

// Get returns the ticket field with id.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/#show-ticket-field
func (s *TicketFieldsService) Get(ctx context.Context, id int64) (*TicketField, error) {
	if err := checkID("TicketFields.Get", id); err != nil {
		return nil, err
	}
	f, _, err := doKey[TicketField](ctx, s.client, &request{method: http.MethodGet, path: fieldPath(id, ".json")}, "ticket_field")
	return f, err
}

// Options returns the options of a drop-down or multiselect field, all pages of them.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/#list-ticket-field-options
func (s *TicketFieldsService) Options(ctx context.Context, fieldID int64) ([]FieldOption, error) {
	const op = "TicketFields.Options"
	if err := checkID(op, fieldID); err != nil {
		return nil, err
	}
	return collectAll(listAll(ctx, op, nil, func(ctx context.Context, o *ListOptions) (*Page[FieldOption], error) {
		return listPage[FieldOption](ctx, s.client, op, fieldPath(fieldID, "/options.json"), "custom_field_options", nil, o)
	}))
}

// Map loads every ticket field once and returns a [FieldMap] to read and set custom fields by
// their titles.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/#list-ticket-fields
func (s *TicketFieldsService) Map(ctx context.Context) (*FieldMap, error) {
	m := &FieldMap{service: s}
	if err := m.Refresh(ctx); err != nil {
		return nil, err
	}
	return m, nil
}

// FieldMap works with a ticket's custom fields by their titles instead of their ids, and
// checks values before they are sent: Zendesk drops a value of the wrong kind, or a drop-down
// value that is an option's name rather than its tag, without an error, and the data is lost.
//
// A FieldMap holds the fields as they were when it was loaded. Call [FieldMap.Refresh] to load
// them again after fields or options change (a new option is otherwise refused by Set). A
// FieldMap is safe for concurrent use, Refresh included.
//
// Titles are matched exactly, then by raw title; when two fields share a title the first in
// position order is used. A FieldMap not made by [TicketFieldsService.Map] (a nil one, or the
// zero value) knows no fields: Set refuses every title and Refresh is an [ErrInvalid] error.
type FieldMap struct {
	service *TicketFieldsService

	mu      sync.RWMutex
	byTitle map[string]*mappedField
}

type mappedField struct {
	field   TicketField
	pattern *regexp.Regexp // nil when the field has none, or Go cannot read it
}

// Refresh loads the fields again. On error the map keeps the fields it had.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/#list-ticket-fields
func (m *FieldMap) Refresh(ctx context.Context) error {
	if m == nil || m.service == nil {
		return invalid("FieldMap.Refresh", "a FieldMap comes from TicketFieldsService.Map")
	}
	fields, err := m.service.List(ctx)
	if err != nil {
		return err
	}
	m.load(fields)
	return nil
}

// load replaces the map's fields with fields, given in position order.
func (m *FieldMap) load(fields []TicketField) {
	byTitle := make(map[string]*mappedField, 2*len(fields))
	for _, f := range fields {
		mf := &mappedField{field: f}
		if f.RegexpForValidation != "" {
			// Zendesk's patterns are Ruby's; one Go cannot read goes unchecked here.
			mf.pattern, _ = regexp.Compile(f.RegexpForValidation)
		}
		for _, t := range []string{f.Title, f.RawTitle} {
			if _, dup := byTitle[t]; t != "" && !dup {
				byTitle[t] = mf
			}
		}
	}
	m.mu.Lock()
	m.byTitle = byTitle
	m.mu.Unlock()
}

func (m *FieldMap) lookup(title string) (*mappedField, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	f, ok := m.byTitle[title]
	return f, ok
}

// Field returns the field titled title (a copy).
func (m *FieldMap) Field(title string) (*TicketField, bool) {
	mf, ok := m.lookup(title)
	if !ok {
		return nil, false
	}
	f := mf.field
	f.CustomFieldOptions = slices.Clone(f.CustomFieldOptions)
	return &f, true
}

// Value returns the value t holds for the custom field titled title, and whether t holds one.
// A drop-down's tag comes back as its option's name, a multiselect's tags as a []string of
// names (a tag without a known option stays as it is); other values as the ticket has them.
func (m *FieldMap) Value(t *Ticket, title string) (any, bool) {
	mf, ok := m.lookup(title)
	if !ok || t == nil {
		return nil, false
	}
	for _, cf := range t.CustomFields {
		if cf.ID != mf.field.ID {
			continue
		}
		switch v := cf.Value.(type) {
		case string:
			if mf.field.Type == "tagger" {
				return mf.nameOf(v), true
			}
		case []string:
			return mf.namesOf(v), true
		case []any:
			if mf.field.Type == "multiselect" {
				tags := make([]string, 0, len(v))
				for _, x := range v {
					s, _ := x.(string)
					tags = append(tags, s)
				}
				return mf.namesOf(tags), true
			}
		}
		return cf.Value, true
	}
	return nil, false
}

func (mf *mappedField) nameOf(tag string) string {
	for _, o := range mf.field.CustomFieldOptions {
		if o.Value == tag {
			return o.Name
		}
	}
	return tag
}

func (mf *mappedField) namesOf(tags []string) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = mf.nameOf(t)
	}
	return out
}

// tagOf finds an option by its tag, else by its name (exactly, then without regard to case).
func (mf *mappedField) tagOf(s string) (string, bool) {
	opts := mf.field.CustomFieldOptions
	for _, o := range opts {
		if o.Value == s {
			return o.Value, true
		}
	}
	for _, o := range opts {
		if o.Name == s || o.RawName == s {
			return o.Value, true
		}
	}
	for _, o := range opts {
		if strings.EqualFold(o.Name, s) {
			return o.Value, true
		}
	}
	return "", false
}

// Set returns the [CustomField] that sets the field titled title to value, checked against the
// field's type first:
//   - drop-down (tagger): an option's name or tag, as a string; the tag is sent;
//   - multiselect: a []string of option names or tags; the tags are sent;
//   - checkbox: a bool;
//   - integer: a Go integer (int, int64, uint8, …); a float is refused even when whole;
//   - decimal: a Go integer or float (not NaN or infinite);
//   - date: a time.Time, sent as its yyyy-mm-dd;
//   - text, textarea, partialcreditcard: a string; regexp: a string matching the field's
//     pattern;
//   - lookup: the id of the related record, as a Go integer.
//
// A nil value clears the field. An unknown title, an unknown option, a value of the wrong kind
// or a field that is not a custom field (such as "Subject") is an [ErrInvalid] error: Zendesk
// would drop such a value silently.
func (m *FieldMap) Set(title string, value any) (CustomField, error) {
	const op = "FieldMap.Set"
	mf, ok := m.lookup(title)
	if !ok {
		return CustomField{}, invalid(op, "no ticket field titled %q", title)
	}
	f := &mf.field
	v, err := mf.check(value)
	if err != nil {
		return CustomField{}, invalid(op, "field %q (%s): %v", title, f.Type, err)
	}
	return CustomField{ID: f.ID, Value: v}, nil
}

// check turns value into what the field takes on the wire.
func (mf *mappedField) check(value any) (any, error) {
	f := &mf.field
	if !customFieldType(f.Type) {
		return nil, fmt.Errorf("not a custom field; set it with its own TicketRequest field")
	}
	if value == nil {
		return nil, nil
	}
	wrong := func(want string) error { return fmt.Errorf("want %s, got %T", want, value) }
	switch f.Type {
	case "tagger":
		s, ok := value.(string)
		if !ok {
			return nil, wrong("an option's name or tag (string)")
		}
		tag, ok := mf.tagOf(s)
		if !ok {
			return nil, fmt.Errorf("no option %q; the options are %s", s, mf.optionList())
		}
		return tag, nil
	case "multiselect":
		list, ok := value.([]string)
		if !ok {
			return nil, wrong("a []string of option names or tags")
		}
		tags := make([]string, len(list))
		for i, s := range list {
			if tags[i], ok = mf.tagOf(s); !ok {
				return nil, fmt.Errorf("no option %q; the options are %s", s, mf.optionList())
			}
		}
		return tags, nil
	case "checkbox":
		b, ok := value.(bool)
		if !ok {
			return nil, wrong("a bool")
		}
		return b, nil
	case "integer", "lookup":
		n, ok := intOf(value)
		if !ok {
			return nil, wrong("an integer")
		}
		return n, nil
	case "decimal":
		if n, ok := intOf(value); ok {
			return n, nil
		}
		x, ok := floatOf(value)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, wrong("a finite number")
		}
		return x, nil
	case "date":
		t, ok := value.(time.Time)
		if !ok || t.IsZero() {
			return nil, wrong("a non-zero time.Time")
		}
		return t.Format(time.DateOnly), nil
	default: // text, textarea, partialcreditcard, regexp
		s, ok := value.(string)
		if !ok {
			return nil, wrong("a string")
		}
		if mf.pattern != nil && !mf.pattern.MatchString(s) {
			return nil, fmt.Errorf("%q does not match the pattern %s", s, f.RegexpForValidation)
		}
		return s, nil
	}
}

func (mf *mappedField) optionList() string {
	names := make([]string, len(mf.field.CustomFieldOptions))
	for i, o := range mf.field.CustomFieldOptions {
		names[i] = strconv.Quote(o.Name) + " (" + o.Value + ")"
	}
	return strings.Join(names, ", ")
}

func customFieldType(t string) bool {
	switch t {
	case "text", "textarea", "checkbox", "date", "integer", "decimal", "regexp",
		"partialcreditcard", "multiselect", "tagger", "lookup":
		return true
	}
	return false
}

func intOf(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int8:
		return int64(n), true
	case int16:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case uint:
		return int64(n), n <= math.MaxInt64
	case uint8:
		return int64(n), true
	case uint16:
		return int64(n), true
	case uint32:
		return int64(n), true
	case uint64:
		return int64(n), n <= math.MaxInt64
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
}

func floatOf(v any) (float64, bool) {
	switch n := v.(type) {
	case float32:
		return float64(n), true
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}
