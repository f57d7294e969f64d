package zendesk

// TwitterService reaches the Twitter channel: tickets made from tweets, and their statuses.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/twitter_channel/
type TwitterService service
