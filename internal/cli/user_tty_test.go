//go:build linux

package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cli"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// openPTY opens a pseudo-terminal: the master side the test types into and
// the terminal side the command reads as its standard input.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal on this machine: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return master, tty
}

// TestUserAddAsksForPasswordOnTerminalWithoutEcho runs `user add` without
// --password at a terminal: it asks twice, and what is typed never appears
// on the screen.
func TestUserAddAsksForPasswordOnTerminalWithoutEcho(t *testing.T) {
	db := storetest.SQLite(t)
	master, tty := openPTY(t)
	const secret = "mật-khẩu-bí-mật"
	var out bytes.Buffer
	env := cli.Env{Stdin: tty, Stdout: &out, Stderr: tty,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return userNow }}
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(context.Background(), []string{"user", "add", "--email", "tty@hoi.vn", "--name", "Người Gõ",
			"--role", "viewer", "--scope", "nation", "--db", db.URL}, env)
	}()
	// Type only once the command has turned echo off, as a person would
	// after seeing the prompt; both lines go in at once.
	giveUp := time.After(10 * time.Second)
	for {
		tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		if tio.Lflag&unix.ECHO == 0 {
			break
		}
		select {
		case code := <-done:
			t.Fatalf("the command ended (exit %d) without asking for a password; output %q", code, out.String())
		case <-giveUp:
			t.Fatalf("the command did not turn the terminal's echo off within 10 s; output %q", out.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
	if _, err := master.WriteString(secret + "\n" + secret + "\n"); err != nil {
		t.Fatal(err)
	}
	if code := <-done; code != 0 {
		t.Fatalf("exit %d; output %q", code, out.String())
	}
	tty.Close()
	var screen bytes.Buffer
	buf := make([]byte, 4096)
	for {
		n, err := master.Read(buf)
		screen.Write(buf[:n])
		if err != nil || strings.Contains(screen.String(), "Nhập lại mật khẩu: \r\n") {
			break
		}
	}
	if got := screen.String(); !strings.Contains(got, "Mật khẩu (không hiện khi gõ): ") || strings.Contains(got, secret) {
		t.Errorf("the terminal shows %q: want both prompts and never the password", got)
	}
	if _, err := auth.Authenticate(context.Background(), db, "tty@hoi.vn", secret, "", userNow); err != nil {
		t.Errorf("the password typed at the prompt does not sign in: %v", err)
	}
}
