package zendesk

// ProblemsService reaches the problem ticket endpoints: the list of problems and autocomplete.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_problems/
type ProblemsService service
