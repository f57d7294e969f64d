package zendesk

import (
	"encoding/json"
	"time"
)

// User is a Zendesk user as ticket listings return them, e.g. a ticket's collaborators. It
// carries the common fields only; the Users API has the full record.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/users/users/
type User struct {
	ID    int64  `json:"id"`
	URL   string `json:"url"`
	Name  string `json:"name"`
	Email string `json:"email"`
	// Role is "end-user", "agent" or "admin".
	Role           string    `json:"role"`
	Active         bool      `json:"active"`
	Verified       bool      `json:"verified"`
	Suspended      bool      `json:"suspended"`
	OrganizationID int64     `json:"organization_id"`
	Phone          string    `json:"phone"`
	TimeZone       string    `json:"time_zone"`
	Locale         string    `json:"locale"`
	LocaleID       int64     `json:"locale_id"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// UnmarshalJSON decodes a user, accepting ids as strings like [Ticket] does.
func (u *User) UnmarshalJSON(b []byte) error {
	type plain User
	w := struct {
		*plain
		ID             *flexID `json:"id"`
		OrganizationID *flexID `json:"organization_id"`
		LocaleID       *flexID `json:"locale_id"`
	}{(*plain)(u), (*flexID)(&u.ID), (*flexID)(&u.OrganizationID), (*flexID)(&u.LocaleID)}
	return json.Unmarshal(b, &w)
}
