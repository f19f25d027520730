// Command values_fmt prints what Go's fmt.Sprint and encoding/json write for a
// []byte, a time.Time and a time.Duration, the Go types prefixlog writes
// Python's bytes, datetime and timedelta as (tests/test_values_go.py).
//
// One JSON object a line in: {"id": …, "bytes": [104, 105]}, or "time": an
// RFC 3339 string (taken to time.Local, as the oracles do, or with "offset"
// to time.FixedZone("", offset) in seconds), or "duration": integer
// nanoseconds.  One line out per case: {"id", "sprint", "json"}.
// Built and run by tests/data/make_values.py (GOPATH mode, no module needed).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

type input struct {
	ID       string  `json:"id"`
	Bytes    *[]int  `json:"bytes"`
	Time     *string `json:"time"`
	Offset   *int    `json:"offset"`
	Duration *int64  `json:"duration"`
}

type output struct {
	ID     string `json:"id"`
	Sprint string `json:"sprint"`
	JSON   string `json:"json"`
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "values_fmt:", err)
	os.Exit(2)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var c input
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			fail(err)
		}
		var v interface{}
		switch {
		case c.Bytes != nil:
			b := make([]byte, len(*c.Bytes))
			for i, n := range *c.Bytes {
				b[i] = byte(n)
			}
			v = b
		case c.Time != nil:
			t, err := time.Parse(time.RFC3339Nano, *c.Time)
			if err != nil {
				fail(err)
			}
			if c.Offset != nil {
				v = t.In(time.FixedZone("", *c.Offset))
			} else {
				v = t.In(time.Local)
			}
		case c.Duration != nil:
			v = time.Duration(*c.Duration)
		default:
			fail(fmt.Errorf("case %q has no value", c.ID))
		}
		j, err := json.Marshal(v)
		if err != nil {
			fail(err)
		}
		if err := out.Encode(output{c.ID, fmt.Sprint(v), string(j)}); err != nil {
			fail(err)
		}
	}
	if err := in.Err(); err != nil {
		fail(err)
	}
}
