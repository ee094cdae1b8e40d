// Command khuyenhoc is the study-promotion system: units, imported totals
// and reports, on SQLite by default or PostgreSQL.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/khuyenhoc/khuyenhoc/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.OSEnv())
	stop()
	os.Exit(code)
}
