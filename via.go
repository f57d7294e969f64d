package zendesk

import "encoding/json"

// Via says how a ticket, comment or audit came about: the channel, and for some channels the
// sender, recipient or rule behind it. Decoding a Via never fails, whatever the server sent
// (an integer channel from old data is kept as its decimal string), because it is context,
// not data anyone should lose a ticket over.
//
// Zendesk API docs: https://developer.zendesk.com/documentation/ticketing/reference-guides/via-object-reference/
type Via struct {
	// Channel is e.g. "email", "web", "api", "rule", "mobile_sdk", "chat", "voice".
	Channel string    `json:"channel"`
	Source  ViaSource `json:"source"`
}

// UnmarshalJSON decodes a Via and never fails on its content; see [Via].
func (v *Via) UnmarshalJSON(b []byte) error { return unmarshal(b, v) }

// ViaSource is the detail of a [Via]: who or what it came from, where it went, and Rel, the
// kind of link (e.g. "trigger", "automation", "follow_up", "merge"; often empty).
type ViaSource struct {
	From ViaEndpoint `json:"from"`
	To   ViaEndpoint `json:"to"`
	Rel  string      `json:"rel"`
}

// UnmarshalJSON decodes a ViaSource and never fails on its content; see [Via].
func (s *ViaSource) UnmarshalJSON(b []byte) error { return unmarshal(b, s) }

// ViaEndpoint is one side of a [ViaSource]. Its keys depend on the channel: an email has
// Address and Name, a rule has ID, Title, Deleted and RevisionID, a follow-up or merge has
// TicketID and Subject, a social channel has Username and ProfileURL, voice has Phone. The
// common ones are fields; Raw keeps the whole object as sent for any other key.
type ViaEndpoint struct {
	ID             int64  `json:"id,omitempty"`
	Address        string `json:"address,omitempty"`
	Name           string `json:"name,omitempty"`
	Title          string `json:"title,omitempty"`
	Deleted        bool   `json:"deleted,omitempty"`
	RevisionID     int64  `json:"revision_id,omitempty"`
	TicketID       int64  `json:"ticket_id,omitempty"`
	Subject        string `json:"subject,omitempty"`
	Username       string `json:"username,omitempty"`
	ProfileURL     string `json:"profile_url,omitempty"`
	Phone          string `json:"phone,omitempty"`
	FormattedPhone string `json:"formatted_phone,omitempty"`
	// Raw is the object exactly as the server sent it (nil for {} or null).
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes a ViaEndpoint and never fails on its content; see [Via].
func (e *ViaEndpoint) UnmarshalJSON(b []byte) error { return unmarshal(b, e) }
