package zendesk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// TwitterService reaches the Twitter channel: tickets made from tweets, and their statuses.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/twitter_channel/
type TwitterService service

// CreateTicket turns a tweet into a ticket. tweetID is the tweet's (X status) id and
// monitoredHandleID the id of an X handle the account monitors; both must be positive. The
// submitter is the user the client authenticates as.
//
// Zendesk documents an empty 201 answer: the ticket is then nil with a nil error (find it
// through the tweet's conversation or a search). When the answer does carry the ticket, it is
// returned. The POST is not retried after a 5xx, as it may have made the ticket.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/twitter_channel/#create-ticket-from-tweet
func (s *TwitterService) CreateTicket(ctx context.Context, tweetID, monitoredHandleID int64) (*Ticket, error) {
	if tweetID <= 0 || monitoredHandleID <= 0 {
		return nil, invalid("Twitter.CreateTicket", "tweet id and monitored handle id must be positive, got %d and %d", tweetID, monitoredHandleID)
	}
	body := map[string]any{"ticket": map[string]int64{
		"twitter_status_message_id":   tweetID,
		"monitored_twitter_handle_id": monitoredHandleID,
	}}
	var out tweetTicketAnswer
	r := &request{method: http.MethodPost, path: "channels/twitter/tickets.json", body: body, emptyOK: true}
	if _, err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return out.ticket, nil
}

// tweetTicketAnswer reads the 201 of CreateTicket: empty, or the JSON string "" (the OpenAPI
// spec's example), or an object with the ticket. Only the object carries anything.
type tweetTicketAnswer struct{ ticket *Ticket }

// Statuses returns the X state (favorited, retweeted, author followed) of the comments of a
// ticket made from a tweet: of every comment, or only of the given comment ids (at most 100,
// each positive).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/twitter_channel/#list-twicket-statuses
func (s *TwitterService) Statuses(ctx context.Context, ticketID int64, commentIDs ...int64) ([]TwicketStatus, error) {
	const op = "Twitter.Statuses"
	if err := checkID(op, ticketID); err != nil {
		return nil, err
	}
	var q url.Values
	if len(commentIDs) > 0 {
		if err := checkIDs(op, commentIDs); err != nil {
			return nil, err
		}
		q = idsQuery(joinIDs(commentIDs))
	}
	var out struct {
		Statuses []TwicketStatus `json:"statuses"`
	}
	if _, err := s.client.get(ctx, fmt.Sprintf("channels/twitter/tickets/%d/statuses.json", ticketID), q, &out); err != nil {
		return nil, err
	}
	return out.Statuses, nil
}

// TwicketStatus is the X (Twitter) state of one comment of a ticket made from a tweet. ID is
// the Zendesk comment id, not the tweet's.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/account-configuration/twitter_channel/#getting-twicket-status
type TwicketStatus struct {
	ID           int64 `json:"id"`
	Favorited    bool  `json:"favorited"`
	Retweeted    bool  `json:"retweeted"`
	UserFollowed bool  `json:"user_followed"`
}
