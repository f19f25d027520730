// Writes klog's lines (stderr) and, for each, what was logged (stdout, JSON lines):
// tests/test_heads.py reads the lines back and compares them with what was logged.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"runtime"
	"time"

	"k8s.io/klog/v2"
)

type truth struct {
	Level   string            `json:"level"`
	Message string            `json:"message"`
	File    string            `json:"file"`
	Line    int               `json:"line"`
	Pid     int               `json:"pid"`
	Before  float64           `json:"before"`
	After   float64           `json:"after"`
	Fields  map[string]string `json:"fields"`
}

var out = json.NewEncoder(os.Stdout)

func logged(level, message string, fields map[string]string, call func() int) {
	before := time.Now()
	line := call()
	klog.Flush()
	after := time.Now()
	out.Encode(truth{level, message, "klog_main.go", line, os.Getpid(), float64(before.UnixNano()) / 1e9, float64(after.UnixNano()) / 1e9, fields})
}

// here is the line it is called on (klog's caller is the same line).
func here() int {
	_, _, line, _ := runtime.Caller(1)
	return line
}

func main() {
	klog.InitFlags(nil)
	flag.Set("logtostderr", "true")
	flag.Parse()
	logged("info", "all good", nil, func() int { klog.Info("all good"); return here() })
	logged("warning", "disk 91% full", nil, func() int { klog.Warningf("disk %d%% full", 91); return here() })
	logged("error", "boom: no route", nil, func() int { klog.Error("boom: ", errors.New("no route")); return here() })
	p := "kube-system/kubedns"
	pod := map[string]string{"pod": p, "status": "ready"}
	logged("info", "Pod status updated", pod, func() int { klog.InfoS("Pod status updated", "pod", p, "status", "ready"); return here() })
	failed := map[string]string{"err": "timeout", "pod": "x \"y\""}
	logged("error", "Failed to update", failed, func() int { klog.ErrorS(errors.New("timeout"), "Failed to update", "pod", "x \"y\""); return here() })
	logged("info", "tab\there] and a bracket", nil, func() int { klog.Info("tab\there] and a bracket"); return here() })
	// klog.Fatal exits (255) once the line is written: what it logs is told first.
	now := float64(time.Now().UnixNano()) / 1e9
	out.Encode(truth{"fatal", "the end", "klog_main.go", here() + 1, os.Getpid(), now, now + 60, nil})
	klog.Fatal("the end")
}
