package zendesk

// JobStatusesService reaches the status of the background jobs that bulk calls start.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/
type JobStatusesService service
