package zendesk

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

const (
	// defaultBulkConcurrency is how many jobs CreateAll, UpdateAll and ImportAll keep in flight
	// unless told otherwise: a few, so that other integrations of the account keep room.
	defaultBulkConcurrency = 3
	// maxBulkConcurrency is Zendesk's limit of queued or running jobs per account (about 30).
	maxBulkConcurrency = 30
)

// BulkOptions sets how [TicketsService.CreateAll], [TicketsService.UpdateAll] and
// [TicketsService.ImportAll] run. The zero value (or nil) takes every default.
type BulkOptions struct {
	// Concurrency is how many jobs of 100 tickets are submitted and waited for at once
	// (default 3, at most 30: Zendesk keeps about 30 jobs queued or running per account, for all
	// of its integrations together).
	Concurrency int
	// Wait sets how each job is polled (see [JobStatusesService.WaitWith]); nil for the
	// defaults (the client's [WithJobPollInterval]).
	Wait *WaitOptions
	// Progress, when set, is called each time a chunk ends (done or failed) with the number of
	// input tickets whose chunk has ended and the total. Calls are serialized (never two at
	// once) and done only grows, but they come from the goroutines that wait for the jobs: keep
	// the callback short.
	Progress func(done, total int)
}

// CreateAll creates any number of tickets through create_many jobs of up to 100 tickets,
// running up to opts.Concurrency jobs at once and waiting for each to end. It returns one
// result per input ticket, in input order: results[i] belongs to tickets[i], with Index i and,
// when created, the new ticket's ID (and Success set, since create jobs send no success flag of
// their own). The ID field of the requests is not sent.
//
// A chunk that fails as a whole (the request is refused, the job fails or is killed, its wait
// ends) does not lose the others: its entries come back with Success false and Error saying
// why, and the returned error joins one error per failed chunk ([errors.Join]), each naming the
// input range and matching what caused it (e.g. [ErrJobFailed], [ErrRateLimited],
// context.Canceled). Tickets refused one by one inside a completed job are not errors of the
// call: they show in their results (see [JobResult.Failed]). When ctx ends no further chunk is
// submitted; the entries of chunks never sent, or whose job was still running, carry ctx's
// error. A job already submitted may still create its tickets on the server: every entry of a
// submitted chunk carries its job's id in [JobResult.JobID] (and the chunk's error names it),
// so the caller can look the job up and reconcile.
//
// Empty input is refused with [ErrInvalid] before anything is sent.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-many-tickets
func (s *TicketsService) CreateAll(ctx context.Context, tickets []TicketRequest, opts *BulkOptions) ([]JobResult, error) {
	const op = "Tickets.CreateAll"
	if len(tickets) == 0 {
		return nil, invalid(op, "no tickets")
	}
	return runBulk(ctx, s, op, tickets, opts, s.CreateMany, pairByIndex)
}

// UpdateAll applies a different change to each of any number of tickets through update_many
// jobs of up to 100 entries (the per-ticket form, as [TicketsService.UpdateManyEach]); every
// entry names its ticket in ID, which must be positive. It runs like [TicketsService.CreateAll]
// and returns one result per entry in input order, with Index set to the entry's position.
//
// Update jobs report results by ticket id, not by position, so each result is paired with the
// entry of its chunk that has its ID (entries for the same ticket twice in one chunk take the
// results for that id in turn); results without a known id fill the remaining entries of the
// chunk in order. Errors are reported as for CreateAll. An entry without an ID is refused with
// [ErrInvalid] before anything is sent.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-many-tickets
func (s *TicketsService) UpdateAll(ctx context.Context, tickets []TicketRequest, opts *BulkOptions) ([]JobResult, error) {
	const op = "Tickets.UpdateAll"
	if len(tickets) == 0 {
		return nil, invalid(op, "no tickets")
	}
	for i, t := range tickets {
		if t.ID <= 0 {
			return nil, invalid(op, "entry %d: ID must be positive, got %d", i, t.ID)
		}
	}
	return runBulk(ctx, s, op, tickets, opts, s.UpdateManyEach, pairByID)
}

// runBulk runs submit over chunks of 100 entries (tickets to create or update, tickets to
// import), at most opts.Concurrency at once, waits for each job, and pairs its results with the
// chunk's entries.
func runBulk[T any](ctx context.Context, s *TicketsService, op string, tickets []T, opts *BulkOptions,
	submit func(context.Context, []T) (*JobStatus, error),
	pair func(chunk []T, results []JobResult, out []JobResult) (filled []bool)) ([]JobResult, error) {
	var o BulkOptions
	if opts != nil {
		o = *opts
	}
	switch {
	case o.Concurrency < 0 || o.Concurrency > maxBulkConcurrency:
		return nil, invalid(op, "Concurrency %d is outside 1 to %d", o.Concurrency, maxBulkConcurrency)
	case o.Concurrency == 0:
		o.Concurrency = defaultBulkConcurrency
	}
	if _, err := o.Wait.withDefaults(op, s.client.pollMin, s.client.pollMax); err != nil {
		return nil, err
	}
	if ctx == nil {
		return nil, invalid(op, "nil context")
	}

	results := make([]JobResult, len(tickets))
	for i := range results {
		results[i].Index = i
	}
	var (
		mu   sync.Mutex // guards errs, done and the Progress calls
		errs []error
		done int
		wg   sync.WaitGroup
	)
	// finish records the end of the chunk starting at lo: its job, its error, if any, and the
	// progress.
	finish := func(lo, hi int, jobID string, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			for i := lo; i < hi; i++ {
				if results[i].Error == "" && results[i].ID == 0 {
					results[i] = JobResult{Index: i, Error: err.Error()}
				}
			}
			where := fmt.Sprintf("%s: tickets %d to %d", op, lo, hi-1)
			if jobID != "" {
				where += " (job " + jobID + ")"
			}
			errs = append(errs, wrap(err, where))
		}
		for i := lo; i < hi; i++ {
			results[i].JobID = jobID
		}
		done += hi - lo
		if o.Progress != nil {
			o.Progress(done, len(tickets))
		}
	}
	sem := make(chan struct{}, o.Concurrency)
	for lo := 0; lo < len(tickets); lo += maxBulk {
		hi := min(lo+maxBulk, len(tickets))
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if err := ctx.Err(); err != nil {
			// Nothing more is submitted; what is left is reported as one failure.
			wg.Wait()
			finish(lo, len(tickets), "", err)
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			chunk := tickets[lo:hi]
			js, err := submit(ctx, chunk)
			var jobID string
			if err == nil {
				jobID = js.ID // kept even when the wait fails: the job may still do its work
				js, err = s.client.JobStatuses.WaitWith(ctx, js.ID, o.Wait)
			}
			if js != nil && js.Done() && (err == nil || len(js.Results) > 0) {
				out := results[lo:hi]
				filled := pair(chunk, js.Results, out)
				for i := range out {
					out[i].Index = lo + i
					if !filled[i] && err == nil {
						out[i].Error = "zendesk: the job's results have no entry for this ticket"
					}
				}
			}
			finish(lo, hi, jobID, err)
		}()
	}
	wg.Wait()
	return results, errors.Join(errs...)
}

// pairByIndex places the results of a create job by their index within the chunk, and reports
// which entries got one. A create result has no success flag, so one with a ticket id and no
// error is marked successful. When the indexes do not name each entry at most once (never
// seen), results are placed in order instead.
func pairByIndex[T any](_ []T, results []JobResult, out []JobResult) []bool {
	filled := make([]bool, len(out))
	byIndex := len(results) <= len(out)
	for _, r := range results {
		if !byIndex || r.Index < 0 || r.Index >= len(out) || filled[r.Index] {
			byIndex = false
			break
		}
		filled[r.Index] = true
	}
	clear(filled)
	for k, r := range results {
		at := k
		if byIndex {
			at = r.Index
		}
		if at >= len(out) {
			break
		}
		if r.ID != 0 && r.Error == "" && r.Action == "" {
			r.Success = true
		}
		out[at], filled[at] = r, true
	}
	return filled
}

// pairByID places the results of an update job by ticket id, and reports which entries got
// one; see [TicketsService.UpdateAll].
func pairByID(chunk []TicketRequest, results []JobResult, out []JobResult) []bool {
	places := make(map[int64][]int, len(chunk))
	for i, t := range chunk {
		places[t.ID] = append(places[t.ID], i)
	}
	filled := make([]bool, len(out))
	var rest []JobResult
	for _, r := range results {
		if p := places[r.ID]; len(p) > 0 {
			out[p[0]], filled[p[0]] = r, true
			places[r.ID] = p[1:]
			continue
		}
		rest = append(rest, r)
	}
	for i := range out {
		if len(rest) == 0 {
			break
		}
		if !filled[i] {
			out[i], filled[i] = rest[0], true
			rest = rest[1:]
		}
	}
	return filled
}
