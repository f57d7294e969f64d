package zendesktest

// The fake account's default brand and ticket form. Real tickets always carry the account's
// brand and form ids, so every ticket of the fake does too unless the client names others. The
// values are those of the recorded accounts.
const (
	// DefaultBrandID is the brand_id of every ticket created without one.
	DefaultBrandID int64 = 360001128151
	// DefaultTicketFormID is the ticket_form_id of every ticket created without one.
	DefaultTicketFormID int64 = 360000094652
)

// customStatuses are the account's custom statuses: the default one of each status category, as
// on an account with custom statuses on. A closed ticket is in the solved category.
var customStatuses = map[string]int64{
	"new":     3612008,
	"open":    3612009,
	"pending": 3612010,
	"hold":    3612011,
	"solved":  3612012,
	"closed":  3612012,
}

// DefaultCustomStatusID returns the id of the account's default custom status for a status
// ("new", "open", "pending", "hold", "solved" or "closed"; closed tickets are in the solved
// category), or 0 for any other string. A ticket's custom_status_id follows its status unless
// the client sets one.
func DefaultCustomStatusID(status string) int64 { return customStatuses[status] }

// categoryOf returns the status category of one of the account's custom statuses.
func categoryOf(customStatusID int64) (string, bool) {
	for _, s := range statuses {
		if customStatuses[s] == customStatusID && s != "closed" {
			return s, true
		}
	}
	return "", false
}

// settle applies the rules that tie fields together after a create or update, before checks:
// the default brand and form fill in; a custom status the account has sets the status category
// when the client sent no status; a new ticket with an assignee is open; and custom_status_id
// follows the status (the category's default) unless the client set it in this request.
// prevStatus is the status before the change ("" for a new ticket).
func settle(t *Ticket, in *ticketInput, prevStatus string) {
	if t.BrandID == nil {
		t.BrandID = ptr(DefaultBrandID)
	}
	if t.TicketFormID == nil {
		t.TicketFormID = ptr(DefaultTicketFormID)
	}
	if in.CustomStatusID.has() && !in.Status.set {
		if cat, ok := categoryOf(in.CustomStatusID.v); ok {
			t.Status = cat
		}
	}
	if t.Status == "new" && t.AssigneeID != nil {
		t.Status = "open"
	}
	if !in.CustomStatusID.has() && (t.CustomStatusID == nil || t.Status != prevStatus) {
		t.CustomStatusID = ptr(DefaultCustomStatusID(t.Status))
	}
}
