package zendesktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
)

const jsonType = "application/json; charset=utf-8"

// apiError is an answer other than success: a status and the body Zendesk sends with it.
type apiError struct {
	status int
	body   any
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %v", e.status, e.body) }

// code and description return the error's `error` and `description` keys, for job results.
func (e *apiError) code() (code, description string) {
	m, _ := e.body.(map[string]any)
	code, _ = m["error"].(string)
	description, _ = m["description"].(string)
	if d, ok := m["details"].(details); ok {
		description = d.first()
	}
	return code, description
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"InternalError"}`)
	}
	w.Header().Set("Content-Type", jsonType)
	w.WriteHeader(status)
	w.Write(b)
}

func writeError(w http.ResponseWriter, err *apiError) { writeJSON(w, err.status, err.body) }

// writeRaw writes an answer made earlier: extra headers, status and body.
func writeRaw(w http.ResponseWriter, header http.Header, status int, body []byte) {
	for k, v := range header {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	w.Write(body)
}

func errorBody(code, description string) map[string]any {
	return map[string]any{"error": code, "description": description}
}

func errNotFound() *apiError {
	return &apiError{http.StatusNotFound, errorBody("RecordNotFound", "Not found")}
}

func errInvalidEndpoint() *apiError {
	return &apiError{http.StatusNotFound, errorBody("InvalidEndpoint", "Not found")}
}

func errBadRequest(code, description string) *apiError {
	return &apiError{http.StatusBadRequest, errorBody(code, description)}
}

func errMissing(param string) *apiError {
	return errBadRequest("ParameterMissing", "param is missing or the value is empty: "+param)
}

func errTooManyValues(param string) *apiError {
	b := errorBody("TooManyValues", fmt.Sprintf("Too many values specified for %s. Maximum is %d.", param, maxBulk))
	b["max_count"] = maxBulk
	return &apiError{http.StatusBadRequest, b}
}

// errorsList is the array envelope: {"errors": [{"code", "title"}]}.
func errorsList(status int, code, title string) *apiError {
	return &apiError{status, map[string]any{"errors": []map[string]string{{"code": code, "title": title}}}}
}

func errPaging(title string) *apiError {
	return errorsList(http.StatusBadRequest, "InvalidPaginationParameter", title)
}

func errUnauthorized() *apiError {
	return &apiError{http.StatusUnauthorized, map[string]any{"error": "Couldn't authenticate you"}}
}

func errForbidden(message string) *apiError {
	return &apiError{http.StatusForbidden, map[string]any{"error": map[string]string{"title": "Forbidden", "message": message}}}
}

func errConflict() *apiError {
	return &apiError{http.StatusConflict, errorBody("UpdateConflict",
		"Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.")}
}

// details collects validation problems per field; its error is a 422 RecordInvalid.
type details map[string][]map[string]string

func (d details) add(field, description, code string) {
	d[field] = append(d[field], map[string]string{"description": description, "error": code})
}

func (d details) err() *apiError {
	if len(d) == 0 {
		return nil
	}
	b := errorBody("RecordInvalid", "Record validation errors")
	b["details"] = d
	return &apiError{http.StatusUnprocessableEntity, b}
}

// first is the first problem's description, fields in name order.
func (d details) first() string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 0 || len(d[keys[0]]) == 0 {
		return ""
	}
	return d[keys[0]][0]["description"]
}

func invalid(field, description, code string) *apiError {
	d := details{}
	d.add(field, description, code)
	return d.err()
}

// faultBody is the body of an answer injected by FailNext: what Zendesk sends with that status.
func faultBody(status int) any {
	switch status {
	case http.StatusUnauthorized:
		return errUnauthorized().body
	case http.StatusForbidden:
		return errForbidden("You do not have access to this page.").body
	case http.StatusNotFound:
		return errNotFound().body
	case http.StatusConflict:
		return errConflict().body
	case http.StatusUnprocessableEntity:
		return invalid("base", "Injected validation error", "InvalidValue").body
	case http.StatusTooManyRequests:
		return errTooManyRequests().body
	case http.StatusServiceUnavailable:
		return errorBody("ServiceUnavailable", "Zendesk is down for maintenance; try again shortly.")
	}
	return errorBody(http.StatusText(status), "Injected failure")
}

func errTooManyRequests() *apiError {
	return errorsList(http.StatusTooManyRequests, "TooManyRequests", "Too many requests. Please slow down.")
}
