package cli

import (
	"flag"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// A setting of serve: a flag whose default comes from an environment
// variable, then from the program. Every setting is checked at start, and a
// bad value stops the server with a message naming the flag and the
// variable, before anything is opened. The list (serveSettings, with the
// common --db and --busy-timeout) is the one documented in docs/deploy.md.
type setting struct {
	flag, env, def string
	help           string
	kind           settingKind
	raw            *string // the value as given, bound to the flag
}

type settingKind int

const (
	kindText      settingKind = iota
	kindAddr                  // host:port to listen on
	kindDuration              // a positive duration
	kindTimeout               // a duration; 0 means no limit
	kindCount                 // a whole number from 1 to 1000
	kindBool                  // true or false
	kindLogFormat             // auto, json or text
	kindToken                 // empty, or at least 16 characters
	kindProxies               // addresses or CIDR prefixes, separated by commas
	kindReplicas              // PostgreSQL URLs separated by commas; the flag may be repeated
)

// serveSettings are serve's own settings, in the order of --help and of
// docs/deploy.md.
func serveSettings() []*setting {
	return []*setting{
		{flag: "addr", env: "KHUYENHOC_ADDR", def: ":8080", help: vi.FlagAddr, kind: kindAddr},
		{flag: "secure-cookies", env: "KHUYENHOC_SECURE_COOKIES", def: "false", help: vi.FlagSecureCookies, kind: kindBool},
		{flag: "read-header-timeout", env: "KHUYENHOC_READ_HEADER_TIMEOUT", def: "10s", help: vi.FlagReadHeaderTimeout, kind: kindDuration},
		{flag: "read-timeout", env: "KHUYENHOC_READ_TIMEOUT", def: "5m", help: vi.FlagReadTimeout, kind: kindTimeout},
		{flag: "write-timeout", env: "KHUYENHOC_WRITE_TIMEOUT", def: "10m", help: vi.FlagWriteTimeout, kind: kindTimeout},
		{flag: "idle-timeout", env: "KHUYENHOC_IDLE_TIMEOUT", def: "2m", help: vi.FlagIdleTimeout, kind: kindTimeout},
		{flag: "shutdown-timeout", env: "KHUYENHOC_SHUTDOWN_TIMEOUT", def: "30s", help: vi.FlagShutdownTimeout, kind: kindDuration},
		{flag: "db-max-conns", env: "KHUYENHOC_DB_MAX_CONNS", def: "8", help: vi.FlagDBMaxConns, kind: kindCount},
		{flag: "db-readers", env: "KHUYENHOC_DB_READERS", def: "4", help: vi.FlagDBReaders, kind: kindCount},
		{flag: "db-read", env: "KHUYENHOC_DB_READ", def: "", help: vi.FlagDBRead, kind: kindReplicas},
		{flag: "db-max-replica-lag", env: "KHUYENHOC_DB_MAX_REPLICA_LAG", def: "5s", help: vi.FlagDBMaxReplicaLag, kind: kindDuration},
		{flag: "log-format", env: "KHUYENHOC_LOG_FORMAT", def: "auto", help: vi.FlagLogFormat, kind: kindLogFormat},
		{flag: "access-log", env: "KHUYENHOC_ACCESS_LOG", def: "true", help: vi.FlagAccessLog, kind: kindBool},
		{flag: "trusted-proxies", env: "KHUYENHOC_TRUSTED_PROXIES", def: "", help: vi.FlagTrustedProxies, kind: kindProxies},
		{flag: "metrics-token", env: "KHUYENHOC_METRICS_TOKEN", def: "", help: vi.FlagMetricsToken, kind: kindToken},
	}
}

// define adds the settings to fs, each defaulting to its environment
// variable when that is set.
func (app *App) define(fs *flag.FlagSet, ss []*setting) {
	for _, s := range ss {
		def := s.def
		if v := app.Getenv(s.env); v != "" {
			def = v
		}
		s.raw = fs.String(s.flag, def, s.help+" ["+s.env+"]")
	}
	// A bool setting may be given as a bare flag (--secure-cookies); a
	// list may be given by repeating its flag (--db-read A --db-read B).
	for _, s := range ss {
		switch s.kind {
		case kindBool:
			fs.Lookup(s.flag).Value = boolText{s.raw}
		case kindReplicas:
			fs.Lookup(s.flag).Value = &listText{p: s.raw}
		}
	}
}

// listText is a string flag that, given more than once, keeps every value
// (separated by commas); the first one given replaces the default.
type listText struct {
	p     *string
	given bool
}

func (l *listText) String() string {
	if l == nil || l.p == nil {
		return ""
	}
	return *l.p
}

func (l *listText) Set(v string) error {
	if l.given && *l.p != "" {
		v = *l.p + "," + v
	}
	*l.p, l.given = v, true
	return nil
}

// list reads a setting of values separated by commas.
func (ss settings) list(name string) []string {
	var out []string
	for _, f := range strings.Split(*ss[name].raw, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// boolText is a string flag that may stand alone, as a boolean flag does.
type boolText struct{ p *string }

func (b boolText) String() string {
	if b.p == nil {
		return ""
	}
	return *b.p
}
func (b boolText) Set(v string) error { *b.p = v; return nil }
func (b boolText) IsBoolFlag() bool   { return true }

// settings are the checked values of serve's settings, by flag name.
type settings map[string]*setting

func (ss settings) text(name string) string { return *ss[name].raw }

func (ss settings) duration(name string) time.Duration {
	d, _ := time.ParseDuration(*ss[name].raw)
	if *ss[name].raw == "0" {
		return 0
	}
	return d
}

func (ss settings) count(name string) int {
	n, _ := strconv.Atoi(*ss[name].raw)
	return n
}

func (ss settings) prefixes(name string) []netip.Prefix {
	ps, _ := prefixes(*ss[name].raw)
	return ps
}

// prefixes reads a list of addresses (each its own prefix) and CIDR
// prefixes separated by commas.
func prefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (ss settings) bool(name string) bool {
	b, _ := strconv.ParseBool(*ss[name].raw)
	return b
}

// check checks every setting and returns them by name; the first bad one
// is a usage error naming the flag, its variable, the value and what is
// wanted.
func check(ss []*setting) (settings, error) {
	out := settings{}
	for _, s := range ss {
		v := strings.TrimSpace(*s.raw)
		*s.raw = v
		if want := s.fault(v); want != "" {
			return nil, apperr.New(apperr.Usage, vi.ErrBadSetting, v, s.flag, s.env, want)
		}
		out[s.flag] = s
	}
	return out, nil
}

// fault says what a bad value should have been ("" when it is right).
func (s *setting) fault(v string) string {
	switch s.kind {
	case kindAddr:
		if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
			return vi.WantAddr
		} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return vi.WantAddr
		}
	case kindDuration, kindTimeout:
		if v == "0" && s.kind == kindTimeout {
			return ""
		}
		if d, err := time.ParseDuration(v); err != nil || d <= 0 {
			if s.kind == kindTimeout {
				return vi.WantTimeout
			}
			return vi.WantDuration
		}
	case kindCount:
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 1000 {
			return vi.WantCount
		}
	case kindBool:
		if _, err := strconv.ParseBool(v); err != nil {
			return vi.WantBool
		}
	case kindLogFormat:
		if v != "auto" && v != "json" && v != "text" {
			return vi.WantLogFormat
		}
	case kindToken:
		if v != "" && len(v) < 16 {
			return vi.WantToken
		}
	case kindProxies:
		if _, err := prefixes(v); err != nil {
			return vi.WantProxies
		}
	case kindReplicas:
		for _, f := range strings.Split(v, ",") {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			if u, err := url.Parse(f); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
				return vi.WantReplicas
			}
		}
	}
	return ""
}
