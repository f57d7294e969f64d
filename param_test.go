package zendesk

import (
	"encoding/json"
	"testing"
)

func TestParamMarshal(t *testing.T) {
	type body struct {
		AssigneeID Param[int64]    `json:"assignee_id,omitzero"`
		Tags       Param[[]string] `json:"tags,omitzero"`
		Subject    Param[string]   `json:"subject,omitzero"`
	}
	tests := []struct {
		name string
		in   body
		want string
	}{
		{"unset omitted", body{}, `{}`},
		{"set", body{AssigneeID: Set[int64](42), Subject: Set("Hi")}, `{"assignee_id":42,"subject":"Hi"}`},
		{"null clears", body{AssigneeID: Null[int64]()}, `{"assignee_id":null}`},
		{"empty list clears tags", body{Tags: Set([]string{})}, `{"tags":[]}`},
		{"set zero value is sent", body{Subject: Set("")}, `{"subject":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParamGet(t *testing.T) {
	if v, ok := Set[int64](7).Get(); !ok || v != 7 {
		t.Errorf("Set(7).Get() = %d, %v", v, ok)
	}
	if _, ok := Null[int64]().Get(); ok {
		t.Error("Null().Get() reports a value")
	}
	var unset Param[int64]
	if _, ok := unset.Get(); ok || !unset.IsZero() || unset.IsNull() {
		t.Error("zero Param is not unset")
	}
	if !Null[string]().IsNull() || Null[string]().IsZero() {
		t.Error("Null is not null")
	}
	get := Param[int64].Get // a valid method expression, as API.md promises
	if v, _ := get(Set[int64](3)); v != 3 {
		t.Error("method expression")
	}
}

func TestParamUnmarshalRoundTrip(t *testing.T) {
	var p struct {
		A Param[int64]  `json:"a,omitzero"`
		B Param[string] `json:"b,omitzero"`
		C Param[bool]   `json:"c,omitzero"`
	}
	if err := json.Unmarshal([]byte(`{"a":null,"b":"x"}`), &p); err != nil {
		t.Fatal(err)
	}
	if !p.A.IsNull() || !p.C.IsZero() {
		t.Errorf("a null = %v, c unset = %v", p.A.IsNull(), p.C.IsZero())
	}
	if v, ok := p.B.Get(); !ok || v != "x" {
		t.Errorf("b = %q %v", v, ok)
	}
	out, _ := json.Marshal(p)
	if string(out) != `{"a":null,"b":"x"}` {
		t.Errorf("round trip = %s", out)
	}
	if err := json.Unmarshal([]byte(`{"a":"nope"}`), &p); err == nil {
		t.Error("a string into Param[int64] decoded")
	}
}
