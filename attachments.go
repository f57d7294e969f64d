package zendesk

// Attachment is a file attached to a comment. ContentURL is where to download it; it may need
// the same credentials as the API.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/
type Attachment struct {
	ID          int64  `json:"id"`
	URL         string `json:"url,omitempty"`
	FileName    string `json:"file_name"`
	ContentURL  string `json:"content_url"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	// Inline is true for images shown inside the comment body rather than listed below it.
	Inline bool `json:"inline,omitempty"`
}
