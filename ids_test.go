package zendesk

import (
	"errors"
	"reflect"
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
