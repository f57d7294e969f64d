package zendesk

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"
)

// JobStatusesService reaches the status of the background jobs that bulk calls start.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/
type JobStatusesService service

// Get returns the current status of a background job. A job is kept for about a day; after
// that, and for a moment right after it is created, the answer is a 404 ([ErrNotFound]).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/#show-job-status
func (s *JobStatusesService) Get(ctx context.Context, id string) (*JobStatus, error) {
	if err := checkJobID("JobStatuses.Get", id); err != nil {
		return nil, err
	}
	j, _, err := doKey[JobStatus](ctx, s.client, &request{method: http.MethodGet, path: "job_statuses/" + pathEscape(id) + ".json"}, "job_status")
	return j, err
}

// GetMany returns the statuses of several jobs, in the order of ids. More than 100 ids are
// asked for in several requests; more than 10,000 are refused ([ErrInvalid]). A job the server
// no longer knows is left out of the answer.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/#show-many-job-statuses
func (s *JobStatusesService) GetMany(ctx context.Context, ids []string) ([]JobStatus, error) {
	const op = "JobStatuses.GetMany"
	if len(ids) == 0 {
		return nil, invalid(op, "no ids")
	}
	if len(ids) > maxGetMany {
		return nil, invalid(op, "at most %d ids per call, got %d", maxGetMany, len(ids))
	}
	for _, id := range ids {
		if err := checkJobID(op, id); err != nil {
			return nil, err
		}
	}
	var got []JobStatus
	for _, chunk := range chunks(ids, maxBulk) {
		page, _, err := doKey[[]JobStatus](ctx, s.client, &request{method: http.MethodGet, path: "job_statuses/show_many.json",
			query: idsQuery(strings.Join(chunk, ","))}, "job_statuses")
		if err != nil {
			return nil, err
		}
		got = append(got, *page...)
	}
	return inAskedOrder(ids, got), nil
}

// inAskedOrder returns one status per asked id that has one, in the order asked; statuses
// whose id was not asked for (never seen, but not to be lost) come last.
func inAskedOrder(ids []string, got []JobStatus) []JobStatus {
	byID := make(map[string]int, len(got))
	for i, js := range got {
		byID[js.ID] = i
	}
	out := make([]JobStatus, 0, len(got))
	used := make([]bool, len(got))
	for _, id := range ids {
		if i, ok := byID[id]; ok {
			out = append(out, got[i])
			used[i] = true
		}
	}
	for i, js := range got {
		if !used[i] {
			out = append(out, js)
		}
	}
	return out
}

// Wait polls a job until it is completed, failed or killed, and returns its last status.
// It is WaitWith(ctx, id, nil): the first poll at once, then waits growing from 1 s to 10 s
// (or as the client's [WithJobPollInterval] says), and 404s polled through for the first 10 s (Zendesk may not show a job it has just
// created).
//
// A failed or killed job is returned together with an error matching [ErrJobFailed] that
// names the job, its status and its message. A completed job can still hold failed results:
// see [JobStatus.Failures]. When ctx ends, Wait returns at once with ctx's error and the last
// status it saw (nil if none); give ctx a deadline, since a job that never ends is polled
// forever. Other errors, such as a 404 after the grace period, are returned the same way.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/#show-job-status
func (s *JobStatusesService) Wait(ctx context.Context, id string) (*JobStatus, error) {
	return s.WaitWith(ctx, id, nil)
}

// WaitOptions sets how [JobStatusesService.WaitWith] polls. A zero field takes its default.
type WaitOptions struct {
	// MinInterval is the wait after the first poll (default 1 s, or the client's
	// [WithJobPollInterval]). Each following wait is half as long again as the one before, up
	// to MaxInterval.
	MinInterval time.Duration
	// MaxInterval caps the wait between polls (default 10 s, or the client's
	// [WithJobPollInterval]; MinInterval if that is longer).
	MaxInterval time.Duration
	// NotFoundGrace is how long from the start of the wait a 404 means "not visible yet" and is
	// polled through (default 10 s; negative: none). Once the job has been seen, a 404 is
	// always returned.
	NotFoundGrace time.Duration
}

const (
	defaultPollMin       = time.Second
	defaultPollMax       = 10 * time.Second
	defaultNotFoundGrace = 10 * time.Second
)

// WaitWith is [JobStatusesService.Wait] with its polling intervals and 404 grace period set by
// opts (nil for the defaults); negative durations, or MaxInterval below MinInterval, are
// refused with [ErrInvalid].
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/#show-job-status
func (s *JobStatusesService) WaitWith(ctx context.Context, id string, opts *WaitOptions) (*JobStatus, error) {
	const op = "JobStatuses.Wait"
	if err := checkJobID(op, id); err != nil {
		return nil, err
	}
	o, err := opts.withDefaults(op, s.client.pollMin, s.client.pollMax)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	var last *JobStatus
	for poll := 0; ; poll++ {
		js, err := s.Get(ctx, id)
		switch {
		case err == nil && js.Done():
			return js, jobFailed(id, js, s.client.secrets())
		case err == nil:
			last = js
		case errors.Is(err, ErrNotFound) && last == nil && time.Since(start) < o.NotFoundGrace:
			s.client.log(ctx, slog.LevelDebug, "zendesk: job status not found yet; polling on", "job_id", id)
		default:
			return last, err
		}
		if err := sleep(ctx, pollInterval(poll, o.MinInterval, o.MaxInterval), nil, false); err != nil {
			return last, wrap(err, op+": job "+id) // the context's error, naming the call
		}
	}
}

// withDefaults validates o and fills its zero fields, the intervals from pollMin and pollMax
// (the client's).
func (o *WaitOptions) withDefaults(op string, pollMin, pollMax time.Duration) (WaitOptions, error) {
	var w WaitOptions
	if o != nil {
		w = *o
	}
	if w.MinInterval < 0 || w.MaxInterval < 0 {
		return w, invalid(op, "poll intervals must not be negative, got %s and %s", w.MinInterval, w.MaxInterval)
	}
	if w.MinInterval == 0 {
		w.MinInterval = pollMin
	}
	if w.MaxInterval == 0 {
		w.MaxInterval = max(pollMax, w.MinInterval)
	}
	if w.MaxInterval < w.MinInterval {
		return w, invalid(op, "MaxInterval %s is below MinInterval %s", w.MaxInterval, w.MinInterval)
	}
	if w.NotFoundGrace == 0 {
		w.NotFoundGrace = defaultNotFoundGrace
	}
	return w, nil
}

// pollInterval is the wait after poll number n (0 for the first): minI, growing by half each
// time, capped at maxI. Gentle growth keeps short jobs quick to notice and long ones cheap.
func pollInterval(n int, minI, maxI time.Duration) time.Duration {
	d := minI
	for i := 0; i < n && d < maxI; i++ {
		d += max(d/2, 1)
	}
	return min(d, maxI)
}

// jobFailed returns the error of a job that ended failed or killed (nil when it completed):
// the job id, its status, the server's message, and the first failed result, if any.
func jobFailed(id string, js *JobStatus, secrets []string) error {
	if js.Status == JobCompleted {
		return nil
	}
	msg := fmt.Sprintf("job %s ended %s", firstNonEmpty(js.ID, id), js.Status)
	if js.Message != "" {
		msg += ": " + oneLine(js.Message)
	}
	if f := js.Failures(); len(f) > 0 {
		msg += fmt.Sprintf(" (failed results: %d; first: %s)", len(f), oneLine(firstNonEmpty(f[0].Error, f[0].Details, f[0].Status, "no detail")))
	}
	return fmt.Errorf("zendesk: JobStatuses.Wait: %w: %s", ErrJobFailed, redactString(msg, secrets))
}

// checkJobID refuses what cannot be a job status id ("V3-8b6f…", older ones plain hex) before
// it reaches a path or a list; refusing rather than only escaping is checkStringID's rule.
func checkJobID(op, id string) error { return checkStringID(op, "job status id", id) }

// JobState is the state of a background job ([JobStatus.Status]). A state Zendesk adds later
// decodes as-is.
type JobState string

// The states of a [JobStatus]. JobCompleted, JobFailed and JobKilled are final.
const (
	JobQueued    JobState = "queued"    // JobQueued: waiting for a worker; results are null.
	JobWorking   JobState = "working"   // JobWorking: Progress counts up towards Total.
	JobCompleted JobState = "completed" // JobCompleted: done; some results may still be failures.
	JobFailed    JobState = "failed"    // JobFailed: the job as a whole failed.
	JobKilled    JobState = "killed"    // JobKilled: stopped by Zendesk before it finished.
)

// JobStatus is the state of a background job: bulk creates, updates, deletes, spam marks and
// merges return one at once and do the work later. Poll it (JobStatusesService.Wait) until
// [JobStatus.Done].
//
// Decoding accepts every shape the API sends: total, progress and message null while queued;
// results null, an array, or an object such as {"success": true} (kept as a single result
// with Success set).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/
type JobStatus struct {
	// ID is a string such as "V3-8b6f2c…", not a number.
	ID      string `json:"id"`
	URL     string `json:"url"`
	JobType string `json:"job_type"`
	// Status is one of JobQueued, JobWorking, JobCompleted, JobFailed, JobKilled.
	Status   JobState    `json:"status"`
	Message  string      `json:"message"`
	Total    int         `json:"total"`
	Progress int         `json:"progress"`
	Results  []JobResult `json:"results"`
}

// UnmarshalJSON decodes every shape described on [JobStatus].
func (j *JobStatus) UnmarshalJSON(b []byte) error { return unmarshal(b, j) }

// Done reports whether the job has ended (completed, failed or killed), so polling can stop.
func (j *JobStatus) Done() bool {
	switch j.Status {
	case JobCompleted, JobFailed, JobKilled:
		return true
	}
	return false
}

// Failures returns the results that report a failure (see [JobResult.Failed]), in the order
// the server sent them; nil when there are none. A completed job can still have failures:
// a bulk job completes even when some of its tickets could not be changed.
func (j *JobStatus) Failures() []JobResult {
	var out []JobResult
	for _, r := range j.Results {
		if r.Failed() {
			out = append(out, r)
		}
	}
	return out
}

// ResultsByIndex returns a copy of the results sorted by Index, so that result i belongs to
// input i of a bulk create (whose results arrive in any order). Results without an index, as
// updates send them, keep their order.
func (j *JobStatus) ResultsByIndex() []JobResult {
	out := slices.Clone(j.Results)
	slices.SortStableFunc(out, func(a, b JobResult) int { return cmp.Compare(a.Index, b.Index) })
	return out
}

// JobResult is the outcome of one item of a background job. A create reports Index (the
// position in the request) and ID (the new ticket); an update or delete reports ID, Action,
// Status and Success; a failure reports Error and Details. Details is kept as text: a string
// as is, any other JSON value (an object of validation errors, a list) as its JSON text.
type JobResult struct {
	ID        int64  `json:"id,omitempty"`
	Index     int    `json:"index"`
	AccountID int64  `json:"account_id,omitempty"`
	Action    string `json:"action,omitempty"`
	Status    string `json:"status,omitempty"`
	Success   bool   `json:"success"`
	Error     string `json:"error,omitempty"`
	Details   string `json:"details,omitempty"`
	// ExternalID echoes the ticket's external id for some jobs.
	ExternalID string `json:"external_id,omitempty"`
	// JobID is the id of the job that carried this entry, set by [TicketsService.CreateAll]
	// and [TicketsService.UpdateAll] on every entry whose chunk was submitted ("" when its job
	// never started). A chunk cut off by the end of the context may still have done its work on
	// the server: look its job up with [JobStatusesService.Get] to reconcile. Never sent or
	// read as JSON.
	JobID string `json:"-"`
}

// UnmarshalJSON decodes a result; ids may be numbers or strings, details any JSON value. An
// entry that is not an object (never documented) is kept as Details rather than failing the
// whole job status.
func (r *JobResult) UnmarshalJSON(b []byte) error { return unmarshal(b, r) }

// Failed reports whether the result is a failure: it carries an error, or it is the result of
// an action (update, delete) that did not succeed. A create result has no action and no
// success flag, so it is a failure only when it carries an error.
func (r JobResult) Failed() bool {
	return r.Error != "" || strings.EqualFold(r.Status, "failed") || (r.Action != "" && !r.Success)
}
