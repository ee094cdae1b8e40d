package tabular

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner reads the large parts of a workbook (the sheet, the shared
// strings) token by token, far faster than encoding/xml and without its
// allocations: a name, the attributes and a text are slices of buffers
// that the next token reuses. It knows what a spreadsheet part needs:
// elements with attributes, text with the five named entities and
// character references, CDATA; comments, processing instructions and a
// document type are skipped, and entities a document type would declare
// are not expanded (so there is no entity bomb). Names lose their prefix.
// Every token is bounded by maxRun bytes.
type xmlScanner struct {
	r *bufio.Reader

	kind      tokKind
	name      []byte // the local name of a start or end tag
	attrs     []xmlAttr
	selfClose bool   // the start tag ends with "/>"
	text      []byte // the unescaped text of a text token
	pendEnd   bool   // a self-closed element's end is due

	nameBuf, raw, arena, tmp []byte
	spans                    []span
}

type tokKind uint8

const (
	tokStart tokKind = iota + 1
	tokEnd
	tokText
)

type xmlAttr struct {
	name, value []byte
}

// errXML is a part that is not well-formed enough to read.
var errXML = errors.New("malformed XML")

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: bufio.NewReaderSize(r, 32<<10)}
}

// attr is the value of the attribute of the current start tag named name,
// or nil.
func (s *xmlScanner) attr(name string) []byte {
	for _, a := range s.attrs {
		if string(a.name) == name {
			return a.value
		}
	}
	return nil
}

// next reads the next token; io.EOF after the last.
func (s *xmlScanner) next() error {
	if s.pendEnd {
		s.pendEnd = false
		s.kind = tokEnd
		return nil
	}
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return err
		}
		if c != '<' {
			s.r.UnreadByte()
			return s.readText()
		}
		c, err = s.r.ReadByte()
		if err != nil {
			return eofIsBad(err)
		}
		switch c {
		case '?':
			if err := s.skipPast("?>"); err != nil {
				return err
			}
		case '!':
			head, _ := s.r.Peek(7)
			switch {
			case bytes.HasPrefix(head, []byte("--")):
				s.r.Discard(2)
				if err := s.skipPast("-->"); err != nil {
					return err
				}
			case bytes.Equal(head, []byte("[CDATA[")):
				s.r.Discard(7)
				return s.readCDATA()
			default:
				if err := s.skipDoctype(); err != nil {
					return err
				}
			}
		case '/':
			if err := s.readName(); err != nil {
				return err
			}
			if err := s.skipSpace(); err != nil {
				return err
			}
			if c, err := s.r.ReadByte(); err != nil || c != '>' {
				return errXML
			}
			s.kind = tokEnd
			return nil
		default:
			s.r.UnreadByte()
			return s.readStart()
		}
	}
}

func eofIsBad(err error) error {
	if err == io.EOF {
		return errXML
	}
	return err
}

// skipPast reads up to and including end.
func (s *xmlScanner) skipPast(end string) error {
	matched := 0
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return eofIsBad(err)
		}
		switch {
		case c == end[matched]:
			matched++
			if matched == len(end) {
				return nil
			}
		case c == end[0]:
			matched = 1
		default:
			matched = 0
		}
	}
}

// skipDoctype skips a document type declaration, its internal subset
// included.
func (s *xmlScanner) skipDoctype() error {
	depth := 0
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return eofIsBad(err)
		}
		switch c {
		case '[':
			depth++
		case ']':
			depth--
		case '>':
			if depth <= 0 {
				return nil
			}
		}
	}
}

func (s *xmlScanner) skipSpace() error {
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return eofIsBad(err)
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			s.r.UnreadByte()
			return nil
		}
	}
}

func isNameEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/' || c == '='
}

// readName reads a name into s.name, without its prefix.
func (s *xmlScanner) readName() error {
	s.nameBuf = s.nameBuf[:0]
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return eofIsBad(err)
		}
		if isNameEnd(c) {
			s.r.UnreadByte()
			break
		}
		if len(s.nameBuf) >= 256 {
			return errXML
		}
		s.nameBuf = append(s.nameBuf, c)
	}
	if len(s.nameBuf) == 0 {
		return errXML
	}
	s.name = s.nameBuf
	if i := bytes.LastIndexByte(s.name, ':'); i >= 0 {
		s.name = s.name[i+1:]
	}
	return nil
}

// readStart reads a start tag and its attributes.
func (s *xmlScanner) readStart() error {
	if err := s.readName(); err != nil {
		return err
	}
	s.raw = append(s.raw[:0], s.name...) // readName is reused for the attributes
	s.arena, s.spans = s.arena[:0], s.spans[:0]
	s.selfClose = false
	for {
		if err := s.skipSpace(); err != nil {
			return err
		}
		c, _ := s.r.ReadByte()
		if c == '>' {
			break
		}
		if c == '/' {
			if c, err := s.r.ReadByte(); err != nil || c != '>' {
				return errXML
			}
			s.selfClose, s.pendEnd = true, true
			break
		}
		s.r.UnreadByte()
		if len(s.spans) >= 64 {
			return errXML
		}
		if err := s.readName(); err != nil {
			return err
		}
		var sp span
		sp.ns = len(s.arena)
		s.arena = append(s.arena, s.name...)
		sp.ne = len(s.arena)
		if err := s.skipSpace(); err != nil {
			return err
		}
		if c, err := s.r.ReadByte(); err != nil || c != '=' {
			return errXML
		}
		if err := s.skipSpace(); err != nil {
			return err
		}
		q, err := s.r.ReadByte()
		if err != nil || (q != '"' && q != '\'') {
			return errXML
		}
		sp.vs = len(s.arena)
		if s.arena, err = s.readUntil(q, s.arena); err != nil {
			return eofIsBad(err)
		}
		sp.ve = len(s.arena)
		s.spans = append(s.spans, sp)
	}
	s.attrs = s.attrs[:0]
	for _, sp := range s.spans {
		s.attrs = append(s.attrs, xmlAttr{name: s.arena[sp.ns:sp.ne], value: s.arena[sp.vs:sp.ve]})
	}
	s.name = s.raw
	s.kind = tokStart
	return nil
}

// span places an attribute's name and value in the arena.
type span struct{ ns, ne, vs, ve int }

// readText reads text up to the next '<', unescaped.
func (s *xmlScanner) readText() error {
	t, err := s.readUntil('<', s.text[:0])
	if err != nil && err != io.EOF {
		return err
	}
	if err == nil {
		s.r.UnreadByte()
	}
	s.text, s.kind = t, tokText
	return nil
}

// readUntil reads up to the byte end (consumed) and appends what it read
// to dst with its references unescaped; at the end of the input it returns
// what it read and io.EOF. Text longer than maxRun is refused.
func (s *xmlScanner) readUntil(end byte, dst []byte) ([]byte, error) {
	chunk, err := s.r.ReadSlice(end)
	if err == nil { // the usual case: all in the buffer
		return unescape(dst, chunk[:len(chunk)-1]), nil
	}
	s.tmp = append(s.tmp[:0], chunk...)
	for err == bufio.ErrBufferFull {
		if len(s.tmp) > maxRun {
			return nil, errXML
		}
		chunk, err = s.r.ReadSlice(end)
		s.tmp = append(s.tmp, chunk...)
	}
	switch err {
	case nil:
		return unescape(dst, s.tmp[:len(s.tmp)-1]), nil
	case io.EOF:
		return unescape(dst, s.tmp), io.EOF
	}
	return nil, err
}

// readCDATA reads a CDATA section as text.
func (s *xmlScanner) readCDATA() error {
	s.text = s.text[:0]
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return eofIsBad(err)
		}
		s.text = append(s.text, c)
		if len(s.text) > maxRun {
			return errXML
		}
		if bytes.HasSuffix(s.text, []byte("]]>")) {
			s.text = s.text[:len(s.text)-3]
			s.kind = tokText
			return nil
		}
	}
}

// unescape appends data to dst with its entity and character references
// replaced; a reference it does not know is kept as written.
func unescape(dst, data []byte) []byte {
	for {
		i := bytes.IndexByte(data, '&')
		if i < 0 {
			return append(dst, data...)
		}
		dst = append(dst, data[:i]...)
		data = data[i:]
		semi := bytes.IndexByte(data, ';')
		if semi < 0 || semi > 12 {
			dst = append(dst, '&')
			data = data[1:]
			continue
		}
		ref := data[1:semi]
		switch string(ref) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			r, ok := charRef(ref)
			if !ok {
				dst = append(dst, data[:semi+1]...)
			} else {
				dst = utf8.AppendRune(dst, r)
			}
		}
		data = data[semi+1:]
	}
}

// charRef reads "#65" or "#x41".
func charRef(ref []byte) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	base, digits := 10, ref[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || !utf8.ValidRune(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// atoi reads a non-negative decimal number of an attribute; ok is false
// for anything else.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
