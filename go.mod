module github.com/ticketsdk/zendesk

go 1.24.0

require (
	github.com/hashicorp/go-retryablehttp v0.7.8
	golang.org/x/oauth2 v0.35.0
)

require (
	github.com/google/go-querystring v1.2.0 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/jarcoal/httpmock v1.4.2 // indirect
)
