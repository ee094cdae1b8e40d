package tabular

import (
	"fmt"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// MaxListed is how many row errors an import reports one by one; the rest
// are counted in a last line, so that a file that is wrong throughout does
// not bury the first faults under a million lines.
const MaxListed = 1000

// Problems gathers the faults of the rows of one file, so that an import can
// check every row before it writes anything and report them all at once.
type Problems struct {
	file  string
	lines map[int]bool
	items []error
	more  int
}

// NewProblems starts an empty collection for the file named file.
func NewProblems(file string) *Problems {
	return &Problems{file: file, lines: map[int]bool{}}
}

// Add records err at a line of the file and, unless col is empty, a column.
func (p *Problems) Add(line int, col string, err error) {
	p.lines[line] = true
	if len(p.items) >= MaxListed {
		p.more++
		return
	}
	where := fmt.Sprintf(vi.WhereFileRow, p.file, line)
	if col != "" {
		where = fmt.Sprintf(vi.WhereFileRowCol, p.file, line, col)
	}
	p.items = append(p.items, apperr.At(where, err))
}

// Len is the number of faults recorded.
func (p *Problems) Len() int { return len(p.items) + p.more }

// Err is nil when nothing was recorded, else an *apperr.List of code
// Invalid titled "tệp a.csv: 3 dòng lỗi, không ghi dữ liệu nào" with one item
// per fault.
func (p *Problems) Err() error {
	if p.Len() == 0 {
		return nil
	}
	items := p.items
	if p.more > 0 {
		items = append(items[:len(items):len(items)], apperr.New(apperr.Invalid, vi.ErrMoreErrors, p.more))
	}
	return &apperr.List{Code: apperr.Invalid, Title: fmt.Sprintf(vi.ErrFileRowsBad, p.file, len(p.lines)), Items: items}
}

// EmptyOr reports an empty cell as such rather than as err, the fault of a
// malformed value.
func EmptyOr(cell string, err error) error {
	if strings.TrimSpace(cell) == "" {
		return apperr.New(apperr.Invalid, vi.ErrEmptyCell)
	}
	return err
}
