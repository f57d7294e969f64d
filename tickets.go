package zendesk

// TicketsService reaches the ticket endpoints: list, show, create, update, merge, spam, delete
// and their bulk forms.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
type TicketsService service
