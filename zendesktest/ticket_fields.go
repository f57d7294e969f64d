package zendesktest

import (
	"cmp"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ticketField is a ticket field of the account: a system field (subject, status, …) or a
// custom one added with AddTicketField.
type ticketField struct {
	id          int64
	typ, title  string
	description string
	position    int
	system      bool
	required    bool
	tag         *string
	pattern     *regexp.Regexp
	options     []fieldOption
	created     time.Time
}

type fieldOption struct {
	id       int64
	name     string
	value    string
	position int
	def      bool
}

// customFieldTypes are the types AddTicketField takes.
var customFieldTypes = []string{"text", "textarea", "integer", "decimal", "checkbox", "date",
	"regexp", "tagger", "multiselect", "partialcreditcard", "lookup"}

// systemFields are the fields every account lists before its custom ones, as Zendesk lists
// them: title and type.
var systemFields = [][2]string{
	{"Subject", "subject"}, {"Description", "description"}, {"Status", "status"},
	{"Type", "tickettype"}, {"Priority", "priority"}, {"Group", "group"}, {"Assignee", "assignee"},
}

// ticketFields returns the account's fields, seeding the system fields on first use.
func (st *store) ticketFields() map[int64]*ticketField {
	if st.fields == nil {
		st.fields = map[int64]*ticketField{}
		n := now()
		for i, sf := range systemFields {
			st.nextEntity++
			st.fields[st.nextEntity] = &ticketField{id: st.nextEntity, title: sf[0], typ: sf[1],
				description: sf[0], position: i + 1, system: true, required: sf[1] == "subject" || sf[1] == "description",
				created: n}
		}
	}
	return st.fields
}

// orderedFields lists the fields in position order (ties by id).
func (st *store) orderedFields() []*ticketField {
	out := make([]*ticketField, 0, len(st.ticketFields()))
	for _, f := range st.fields {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b *ticketField) int {
		return cmp.Or(cmp.Compare(a.position, b.position), cmp.Compare(a.id, b.id))
	})
	return out
}

// optionTag is an option's tag as Zendesk derives it from the name: lower case, spaces to _.
func optionTag(name string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), " ", "_")
}

// AddTicketField adds an active custom ticket field and returns its id. fieldType is one of
// text, textarea, integer, decimal, checkbox, date, regexp, tagger (a drop-down), multiselect,
// partialcreditcard and lookup. For tagger and multiselect, each option is "Name" (its tag
// derived as Zendesk derives it: lower case, spaces to `_`, so "Next Day" → "next_day") or
// "Name=tag". For regexp, options holds one string: the field's pattern
// (regexp_for_validation), e.g. AddTicketField("Order", "regexp", `^[0-9]{6}$`). A checkbox
// takes at most one option, its tag (the field's `tag`), e.g. AddTicketField("VIP",
// "checkbox", "vip"). Fields are listed after the system fields, in the order added.
//
// From then on, ticket creates and updates check values of custom fields as Zendesk checks
// them: a value of the wrong kind for its field, an option tag the field does not have, or an
// id that names no custom field is dropped without an error (the field keeps its value). And
// the tags of drop-downs, multiselects and tagged checkboxes are kept in step with the
// ticket's tags, both ways, as Zendesk keeps them (see syncFieldTags).
// AddTicketField panics on an unknown type, a tagger or multiselect without options, a
// regexp field without a valid pattern, an empty tag, or a tag another option or field
// already has (Zendesk refuses those): those are mistakes in the test's setup.
func (s *Server) AddTicketField(title, fieldType string, options ...string) int64 {
	if !slices.Contains(customFieldTypes, fieldType) {
		panic(fmt.Sprintf("zendesktest: AddTicketField: unknown field type %q (want one of %s)", fieldType, strings.Join(customFieldTypes, ", ")))
	}
	f := &ticketField{typ: fieldType, title: title}
	switch fieldType {
	case "tagger", "multiselect":
		if len(options) == 0 {
			panic("zendesktest: AddTicketField: a " + fieldType + " field needs options")
		}
	case "checkbox":
		if len(options) > 1 {
			panic("zendesktest: AddTicketField: a checkbox field takes one option at most: its tag")
		}
		if len(options) == 1 {
			f.tag, options = ptr(strings.TrimSpace(options[0])), nil
		}
	case "regexp":
		if len(options) != 1 {
			panic("zendesktest: AddTicketField: a regexp field takes its pattern as the one option")
		}
		re, err := regexp.Compile(options[0])
		if err != nil {
			panic("zendesktest: AddTicketField: " + err.Error())
		}
		f.pattern, options = re, nil
	default:
		if len(options) > 0 {
			panic("zendesktest: AddTicketField: a " + fieldType + " field has no options")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	fields := st.ticketFields()
	st.nextEntity++
	f.id, f.created = st.nextEntity, now()
	f.position = len(fields) + 1
	for i, o := range options {
		name, tag, ok := strings.Cut(o, "=")
		if !ok {
			tag = optionTag(name)
		}
		st.nextEntity++
		f.options = append(f.options, fieldOption{id: st.nextEntity, name: strings.TrimSpace(name),
			value: strings.TrimSpace(tag), position: i})
	}
	st.checkNewTags(f)
	fields[f.id] = f
	return f.id
}

// checkNewTags panics when a new field's tags are empty, repeat one another, or are another
// field's: Zendesk finds a field's value from the ticket's tags, so it refuses a tag that
// would name two values.
func (st *store) checkNewTags(f *ticketField) {
	seen := map[string]string{}
	for _, other := range st.fields {
		for _, tag := range other.allTags() {
			seen[tag] = other.title
		}
	}
	for _, tag := range f.allTags() {
		if tag == "" {
			panic("zendesktest: AddTicketField: " + f.title + ": an empty tag")
		}
		if owner, ok := seen[tag]; ok {
			panic(fmt.Sprintf("zendesktest: AddTicketField: %s: the tag %q is already used by the field %q", f.title, tag, owner))
		}
		seen[tag] = f.title
	}
}

func (st *store) optionURL(fieldID, optionID int64) string {
	return fmt.Sprintf("%s/api/v2/ticket_fields/%d/options/%d.json", st.baseURL, fieldID, optionID)
}

func (st *store) renderOption(f *ticketField, o fieldOption) map[string]any {
	return map[string]any{"id": o.id, "name": o.name, "raw_name": o.name, "value": o.value,
		"position": o.position, "default": o.def, "url": st.optionURL(f.id, o.id)}
}

// renderField shows a field with every key of a real answer.
func (st *store) renderField(f *ticketField) map[string]any {
	var pattern any
	if f.pattern != nil {
		pattern = f.pattern.String()
	}
	out := map[string]any{
		"url": fmt.Sprintf("%s/api/v2/ticket_fields/%d.json", st.baseURL, f.id), "id": f.id,
		"type": f.typ, "title": f.title, "raw_title": f.title, "description": f.description,
		"raw_description": f.description, "agent_description": nil, "position": f.position,
		"active": true, "required": f.required, "collapsed_for_agents": false,
		"regexp_for_validation": pattern, "title_in_portal": f.title, "raw_title_in_portal": f.title,
		"visible_in_portal": f.system, "editable_in_portal": f.system, "required_in_portal": f.required,
		"tag": f.tag, "created_at": f.created, "updated_at": f.created, "removable": !f.system,
		"key": nil, "sub_type_id": 0,
	}
	if f.typ == "tagger" || f.typ == "multiselect" {
		opts := make([]map[string]any, len(f.options))
		for i, o := range f.options {
			opts[i] = st.renderOption(f, o)
		}
		out["custom_field_options"] = opts
	}
	return out
}

func (s *Server) fieldOf(r *http.Request) (*ticketField, *apiError) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	f, ok := s.st.ticketFields()[id]
	if !ok {
		return nil, errNotFound()
	}
	return f, nil
}

// listTicketFields serves GET ticket_fields: every field, system fields too, in position order.
func (s *Server) listTicketFields(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	fields := s.st.orderedFields()
	out := make([]map[string]any, len(fields))
	for i, f := range fields {
		out[i] = s.st.renderField(f)
	}
	writeJSON(w, http.StatusOK, map[string]any{"ticket_fields": out, "next_page": nil,
		"previous_page": nil, "count": len(out)})
	return nil
}

func (s *Server) showTicketField(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	f, err := s.fieldOf(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"ticket_field": s.st.renderField(f)})
	return nil
}

// listFieldOptions serves GET ticket_fields/{id}/options: {custom_field_options}, empty for a
// field that has none *(choice)*.
func (s *Server) listFieldOptions(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	f, err := s.fieldOf(r)
	if err != nil {
		return err
	}
	out := make([]map[string]any, len(f.options))
	for i, o := range f.options {
		out[i] = s.st.renderOption(f, o)
	}
	writeJSON(w, http.StatusOK, map[string]any{"custom_field_options": out, "next_page": nil,
		"previous_page": nil, "count": len(out)})
	return nil
}

// checkFields keeps the custom field values Zendesk would keep and drops the others without a
// word, as Zendesk does: a value of the wrong kind, an unknown option, an id that names no
// custom field. An account without custom fields (nothing added with AddTicketField) keeps every
// value as sent *(choice: so tests that do not model fields see their values round-trip)*.
func (st *store) checkFields(in []CustomField) []CustomField {
	if len(st.fields) <= len(systemFields) {
		return in
	}
	out := make([]CustomField, 0, len(in))
	for _, c := range in {
		f, ok := st.fields[c.ID]
		if !ok || f.system {
			continue
		}
		if v, ok := f.accept(c.Value); ok {
			out = append(out, CustomField{ID: c.ID, Value: v})
		}
	}
	return out
}

// accept checks a value against the field's type and returns it as stored.
func (f *ticketField) accept(v any) (any, bool) {
	if v == nil {
		return nil, true
	}
	switch f.typ {
	case "text", "textarea", "partialcreditcard":
		s, ok := v.(string)
		return s, ok
	case "lookup":
		switch v.(type) {
		case string, float64:
			return v, true
		}
	case "integer":
		switch x := v.(type) {
		case float64:
			return v, x == math.Trunc(x)
		case string:
			_, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
			return v, err == nil
		}
	case "decimal":
		switch x := v.(type) {
		case float64:
			return v, true
		case string:
			_, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			return v, err == nil
		}
	case "checkbox":
		_, ok := v.(bool)
		return v, ok
	case "date":
		s, ok := v.(string)
		if !ok {
			return nil, false
		}
		if _, err := time.Parse(time.DateOnly, s); err == nil {
			return s, true
		}
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t.UTC().Format(time.DateOnly), true
		}
	case "regexp":
		s, ok := v.(string)
		return s, ok && f.pattern.MatchString(s)
	case "tagger":
		s, ok := v.(string)
		return s, ok && f.hasTag(s)
	case "multiselect":
		list, ok := v.([]any)
		if !ok {
			return nil, false
		}
		for _, x := range list {
			if s, ok := x.(string); !ok || !f.hasTag(s) {
				return nil, false
			}
		}
		return v, true
	}
	return nil, false
}

func (f *ticketField) hasTag(tag string) bool {
	return slices.ContainsFunc(f.options, func(o fieldOption) bool { return o.value == tag })
}

// allTags lists every tag a field can put on a ticket: its options' tags, or a checkbox's tag.
func (f *ticketField) allTags() []string {
	switch {
	case f.typ == "tagger" || f.typ == "multiselect":
		out := make([]string, len(f.options))
		for i, o := range f.options {
			out[i] = o.value
		}
		return out
	case f.typ == "checkbox" && f.tag != nil:
		return []string{*f.tag}
	}
	return nil
}

// tagsOf lists the tags a value of the field puts on a ticket (none for null, false, or a
// field without tags).
func (f *ticketField) tagsOf(v any) []string {
	switch f.typ {
	case "tagger":
		if s, ok := v.(string); ok {
			return []string{s}
		}
	case "multiselect":
		list, _ := v.([]any)
		out := make([]string, 0, len(list))
		for _, x := range list {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case "checkbox":
		if v == true && f.tag != nil {
			return []string{*f.tag}
		}
	}
	return nil
}

// sentFields is the custom field values an input sets, as apply reads them (custom_fields,
// else fields) and once checkFields has dropped those Zendesk drops.
func (st *store) sentFields(in *ticketInput) []CustomField {
	switch {
	case in.CustomFields.has():
		return st.checkFields(in.CustomFields.v)
	case in.Fields.has():
		return st.checkFields(in.Fields.v)
	}
	return nil
}

// syncFieldTags keeps a ticket's tagged fields (drop-downs, multiselects, checkboxes with a
// tag) and its tags in step after an input was applied to t, as Zendesk does: it finds such a
// field's value from the ticket's tags. before is t's tags before the input, sent the field
// values the input set (see sentFields). Both ways:
//   - a field the input set puts its value's tags on the ticket and takes off the tags of its
//     other values (a drop-down's old option, a multiselect's unselected ones, an unchecked
//     checkbox's tag; null takes them all off); the field wins over the input's tags when the
//     two disagree *(choice)*;
//   - for the other fields, a tag the input added sets the field (a drop-down to that option,
//     dropping the tag of the option it held: when several of its tags come at once, the last
//     wins; a multiselect gains the option; a checkbox is checked), and a tag the input took
//     off clears it (a drop-down to null, a multiselect loses the option and is null once
//     none is left *(choice)*, a checkbox is unchecked).
//
// Only what the input changed moves the other way: a tag that was there before and stays
// sets nothing. It leaves t's slices as they were and gives t new ones, as apply does.
func (st *store) syncFieldTags(t *Ticket, before []string, sent []CustomField) {
	if len(st.fields) <= len(systemFields) {
		return
	}
	set := map[int64]any{}
	for _, c := range sent {
		set[c.ID] = c.Value
	}
	added := slices.DeleteFunc(slices.Clone(t.Tags), func(s string) bool { return slices.Contains(before, s) })
	removed := slices.DeleteFunc(slices.Clone(before), func(s string) bool { return slices.Contains(t.Tags, s) })
	tags := slices.Clone(t.Tags)
	var values []CustomField
	for _, f := range st.orderedFields() {
		own := f.allTags()
		if len(own) == 0 {
			continue
		}
		keep, sentValue := []string(nil), false
		if v, ok := set[f.id]; ok {
			keep, sentValue = f.tagsOf(v), true
		} else {
			cur := fieldValue(t.CustomFields, f.id)
			v, changed := f.followTags(cur, added, removed)
			if !changed {
				continue
			}
			keep = f.tagsOf(v)
			values = append(values, CustomField{ID: f.id, Value: v})
		}
		tags = slices.DeleteFunc(tags, func(s string) bool { return slices.Contains(own, s) && !slices.Contains(keep, s) })
		if sentValue {
			tags = dedupe(append(tags, keep...))
		}
	}
	if !slices.Equal(tags, t.Tags) {
		t.Tags = tags
	}
	if len(values) > 0 {
		t.CustomFields = mergeFields(t.CustomFields, values)
	}
}

// followTags is a field's value once tags were added to and removed from its ticket, and
// whether that differs from cur (see syncFieldTags).
func (f *ticketField) followTags(cur any, added, removed []string) (any, bool) {
	mine := func(s string) bool { return slices.Contains(f.allTags(), s) }
	switch f.typ {
	case "tagger":
		pick := ""
		for _, s := range added {
			if mine(s) {
				pick = s
			}
		}
		switch s, _ := cur.(string); {
		case pick != "":
			return pick, pick != s
		case s != "" && slices.Contains(removed, s):
			return nil, true
		}
	case "multiselect":
		list := f.tagsOf(cur)
		next := slices.DeleteFunc(slices.Clone(list), func(s string) bool { return slices.Contains(removed, s) })
		for _, s := range added {
			if mine(s) && !slices.Contains(next, s) {
				next = append(next, s)
			}
		}
		if slices.Equal(next, list) {
			return cur, false
		}
		if len(next) == 0 {
			return nil, true
		}
		out := make([]any, len(next))
		for i, s := range next {
			out[i] = s
		}
		return out, true
	case "checkbox":
		switch on := cur == true; {
		case !on && slices.Contains(added, *f.tag):
			return true, true
		case on && slices.Contains(removed, *f.tag):
			return false, true
		}
	}
	return cur, false
}

// fieldValue is a custom field's value on a ticket, nil when it has none.
func fieldValue(fields []CustomField, id int64) any {
	for _, c := range fields {
		if c.ID == id {
			return c.Value
		}
	}
	return nil
}
