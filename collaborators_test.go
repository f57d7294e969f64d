package zendesk

import (
	"context"
	"testing"
)

func TestListCollaboratorsOnTheWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{name: "ListCollaborators", method: "GET", path: "tickets/35436/collaborators.json", status: 200, answer: "users_collaborators.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) { return s.ListCollaborators(ctx, 35436) },
			check: func(t *testing.T, got any) {
				users := got.([]User)
				if len(users) != 3 || users[0].ID != 223443 || users[0].Name != "Johnny Agent" || users[0].Role != "agent" ||
					users[1].ID != 8678530 || users[1].Name != "Peter Admin" || users[2].Role != "end-user" {
					t.Errorf("users = %+v", users)
				}
			}},
		{name: "ListCollaborators none", method: "GET", path: "tickets/35437/collaborators.json", status: 200, answer: "users_none.json",
			call: func(ctx context.Context, s *TicketsService) (any, error) { return s.ListCollaborators(ctx, 35437) },
			check: func(t *testing.T, got any) {
				if users := got.([]User); users == nil || len(users) != 0 {
					t.Errorf("users = %#v, want an empty list", users)
				}
			}},
	})
}
