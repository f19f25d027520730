module klogheads

go 1.19

require (
	github.com/go-logr/logr v1.2.3
	k8s.io/klog/v2 v2.80.1
)

replace k8s.io/klog/v2 => /usr/share/gocode/src/k8s.io/klog

replace github.com/go-logr/logr => /usr/share/gocode/src/github.com/go-logr/logr
