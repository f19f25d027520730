// Command zap_reflect prints what zap 1.23 writes for values that take zap.Any's
// encoding/json path (zap.Reflect): a mixed slice, alone or in an object, with \b and \f in
// its strings, which Go >= 1.22's encoding/json writes as \b and \f (zap's own
// string encoder, last line of each encoder, writes \u0008 and \u000c).  Its
// output is tests/data/zap-reflect-expected.txt (tests/test_zap.py).  Built as
// the oracle builds (../shared/oracle-go/README.md, "Building by hand"):
//
//	GOROOT=<go 1.27.3> GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off \
//	  GOTOOLCHAIN=local CGO_ENABLED=0 go run zap_reflect.go > zap-reflect-expected.txt
package main

import (
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

func main() {
	for _, cfg := range []zapcore.EncoderConfig{zap.NewProductionEncoderConfig(), zap.NewDevelopmentEncoderConfig()} {
		cfg.TimeKey = ""
		encoder := zapcore.NewJSONEncoder(cfg)
		if cfg.LevelKey == "L" {
			encoder = zapcore.NewConsoleEncoder(cfg)
		}
		logger := zap.New(zapcore.NewCore(encoder, zapcore.AddSync(os.Stdout), zapcore.DebugLevel))
		logger.Info("m", zap.Any("k", []any{"a\bb\fc", 1}))
		logger.Info("m", zap.Object("k", zapcore.ObjectMarshalerFunc(func(enc zapcore.ObjectEncoder) error {
			enc.AddString("x", "a\bb\fc\u0001\\b") // a dict is zap's object: its strings are zap's
			return enc.AddReflected("y", []any{"\b", 2.5})
		})))
		logger.Info("m", zap.String("k", "a\bb\fc"))
	}
}
