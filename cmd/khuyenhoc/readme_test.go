package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/cli"
	"github.com/khuyenhoc/khuyenhoc/internal/racedetect"
)

// TestReadmeCommandsRunAsWritten runs every `./khuyenhoc …` line of the
// README's shell blocks, in order, as a newcomer would after the README's
// first command (the demo): in a fresh folder holding the example files
// the README names, each must exit 0. A README that drifts from the program
// fails here. The server (`serve`) is left out, since it does not return,
// and so are lines that name a placeholder PostgreSQL server.
func TestReadmeCommandsRunAsWritten(t *testing.T) {
	if racedetect.Enabled {
		t.Skip("loads the whole demo (239,247 values), which takes minutes under the race detector; it runs in the plain test pass")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples, err := filepath.Abs("../../docs/examples")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "docs", "examples"), os.DirFS(examples)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	db := "sqlite:" + filepath.Join(dir, "khuyenhoc.db")
	exec := func(stdin string, args ...string) (string, int) {
		var out bytes.Buffer
		env := cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &out,
			Getenv: func(k string) string {
				if k == "KHUYENHOC_DB" {
					return db
				}
				return ""
			},
			Now: time.Now}
		code := cli.Main(context.Background(), args, env)
		return out.String(), code
	}
	if out, code := exec("", "demo"); code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, out)
	}
	ran := 0
	for _, line := range readmeCommands(string(readme)) {
		args := shellWords(line)
		if len(args) < 2 || args[1] == "serve" || strings.Contains(line, "user@host") {
			continue
		}
		out, code := exec("mat-khau-cua-readme\n", args[1:]...)
		if code != 0 {
			t.Errorf("README: %s\nexit %d\n%s", line, code, out)
		}
		ran++
	}
	if ran < 15 {
		t.Errorf("only %d commands of the README ran; the README's blocks were not found", ran)
	}
}

// readmeCommands returns the lines of the README's ```sh blocks that run
// the built program (`./khuyenhoc …`), without their comments.
func readmeCommands(readme string) []string {
	var cmds []string
	in := false
	for _, line := range strings.Split(readme, "\n") {
		switch {
		case strings.HasPrefix(line, "```sh"):
			in = true
		case strings.HasPrefix(line, "```"):
			in = false
		case in && strings.HasPrefix(line, "./khuyenhoc "):
			cmds = append(cmds, line)
		}
	}
	return cmds
}

// shellWords splits a command line as sh would for the simple lines of a
// README: words separated by spaces, '…' and "…" quoting, # starting a
// comment outside quotes.
func shellWords(line string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '#' && !inWord:
			return words
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}
