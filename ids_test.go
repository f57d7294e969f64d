package zendesk

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestCheckIDs(t *testing.T) {
	many := make([]int64, 101)
	for i := range many {
		many[i] = int64(i + 1)
	}
	for _, ids := range [][]int64{nil, {}, many, {1, 0}, {-3}} {
		if err := checkIDs("X", ids); !errors.Is(err, ErrInvalid) {
			t.Errorf("checkIDs(%d ids) = %v", len(ids), err)
		}
	}
	if err := checkIDs("X", many[:100]); err != nil {
		t.Errorf("100 ids refused: %v", err)
	}
	if err := checkID("X", 0); !errors.Is(err, ErrInvalid) {
		t.Error("id 0 accepted")
	}
}

func TestJoinIDsAndChunks(t *testing.T) {
	if got := joinIDs([]int64{1, 22, 333}); got != "1,22,333" {
		t.Errorf("joinIDs = %q", got)
	}
	got := chunks([]int{1, 2, 3, 4, 5}, 2)
	if !reflect.DeepEqual(got, [][]int{{1, 2}, {3, 4}, {5}}) {
		t.Errorf("chunks = %v", got)
	}
	if len(chunks([]int{}, 2)) != 0 {
		t.Error("chunks of nothing")
	}
	if got := pathEscape("../tickets/1"); got != "..%2Ftickets%2F1" {
		t.Errorf("pathEscape = %q", got)
	}
}

// TestCheckStringIDNamesTheID: job status and webhook ids share one rule, and each error still
// names its kind of id and says why.
func TestCheckStringIDNamesTheID(t *testing.T) {
	for _, tt := range []struct {
		check func(op, id string) error
		id    string
		want  string
	}{
		{checkJobID, "", "zendesk: op: invalid request: no job status id"},
		{checkJobID, strings.Repeat("a", 129), "zendesk: op: invalid request: job status id of 129 bytes is too long"},
		{checkJobID, "a/b", `zendesk: op: invalid request: job status id "a/b": only letters, digits, '-' and '_' are allowed`},
		{checkWebhookID, "", "zendesk: op: invalid request: no webhook id"},
		{checkWebhookID, strings.Repeat("a", 129), "zendesk: op: invalid request: webhook id of 129 bytes is too long"},
		{checkWebhookID, "a,b", `zendesk: op: invalid request: webhook id "a,b": only letters, digits, '-' and '_' are allowed`},
	} {
		err := tt.check("op", tt.id)
		if !errors.Is(err, ErrInvalid) || err.Error() != tt.want {
			t.Errorf("%q: err = %v, want %s", tt.id, err, tt.want)
		}
	}
	for _, id := range []string{"V3-8b6f2c_x", strings.Repeat("a", 128)} {
		if err := checkJobID("op", id); err != nil {
			t.Errorf("checkJobID(%q) = %v", id, err)
		}
		if err := checkWebhookID("op", id); err != nil {
			t.Errorf("checkWebhookID(%q) = %v", id, err)
		}
	}
}
