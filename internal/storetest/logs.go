package storetest

import (
	"bytes"
	"sync"
)

// Logs is a log destination that goroutines of a server under test write
// while the test reads it: a buffer behind a lock, since two handlers (two
// servers, or a server and its replica poller) may write at once.
type Logs struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns what has been written so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Reset forgets what has been written.
func (l *Logs) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Reset()
}
