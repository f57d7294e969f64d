package zendesktest

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

func tags(t *testing.T, a answer, status int) []string {
	t.Helper()
	var out struct {
		Tags []string `json:"tags"`
	}
	a.want(t, status).decode(t, &out)
	return out.Tags
}

func TestTags_GetReplaceAddRemove(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"tags": []string{"a", "b"}})
	path := tpath(tk.ID, "/tags.json")
	if got := tags(t, send(t, s, "GET", path, nil), 200); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("GET %q", got)
	}
	if got := tags(t, send(t, s, "POST", path, obj{"tags": []string{"x", "y"}}), 201); !slices.Equal(got, []string{"x", "y"}) {
		t.Errorf("POST replaces: %q", got)
	}
	if got := tags(t, send(t, s, "PUT", path, obj{"tags": []string{"y", "z"}}), 200); !slices.Equal(got, []string{"x", "y", "z"}) {
		t.Errorf("PUT adds: %q", got)
	}
	if got := tags(t, send(t, s, "DELETE", path, obj{"tags": []string{"x"}}), 200); !slices.Equal(got, []string{"y", "z"}) {
		t.Errorf("DELETE removes: %q", got)
	}
	if got, _ := s.Ticket(tk.ID); !slices.Equal(got.Tags, []string{"y", "z"}) {
		t.Errorf("ticket tags %q", got.Tags)
	}
	audits := s.Audits(tk.ID)
	if ev := audits[len(audits)-1].Events[0]; len(audits) != 4 || ev["field_name"] != "tags" || ev["type"] != "Change" {
		t.Errorf("%d audits, last event %v", len(audits), ev)
	}
	wantError(t, send(t, s, "PUT", path, obj{}), 400, "ParameterMissing")
	wantError(t, send(t, s, "GET", tpath(999, "/tags.json"), nil), 404, "RecordNotFound")
	closeTicket(t, s, tk.ID)
	wantError(t, send(t, s, "PUT", path, obj{"tags": []string{"late"}}), 422, "RecordInvalid")
}

func TestTags_SafeUpdateStale409(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{"tags": []string{"a"}})
	stale := tk.UpdatedAt.Format(time.RFC3339)
	update(t, s, tk.ID, obj{"priority": "high"}).want(t, http.StatusOK)
	path := tpath(tk.ID, "/tags.json")
	for _, method := range []string{"PUT", "DELETE"} {
		for _, safe := range []any{"true", true} {
			wantError(t, send(t, s, method, path, obj{"tags": []string{"a"}, "updated_stamp": stale, "safe_update": safe}),
				409, "UpdateConflict")
		}
	}
	cur, _ := s.Ticket(tk.ID)
	fresh := cur.UpdatedAt.Format(time.RFC3339)
	if got := tags(t, send(t, s, "PUT", path, obj{"tags": []string{"b"}, "updated_stamp": fresh, "safe_update": "true"}), 200); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("fresh safe PUT: %q", got)
	}
	// without safe_update the stamp is not checked
	tags(t, send(t, s, "DELETE", path, obj{"tags": []string{"a"}, "updated_stamp": stale}), 200)
}
