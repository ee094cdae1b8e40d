package demo

import (
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"slices"
	"time"
)

// MemberCommunes is how many of the new communes get a member list, and
// MembersPerCommune how many members each: enough for the member pages to
// look like a commune's registry (several pages, four branches), few
// enough for the demo to load in a moment.
const (
	MemberCommunes    = 5
	MembersPerCommune = 120
)

// memberBranches are the branches of each demo commune's association; the
// import creates them (with the association) from their names.
var memberBranches = []string{"Thôn 1", "Thôn 2", "Thôn 3", "Tổ dân phố 4"}

// Vietnamese names as the member lists hold them: the common family
// names, a middle name that tells the gender, a given name.
var (
	familyNames = []string{"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
		"Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	maleMiddle   = []string{"Văn", "Văn", "Đức", "Hữu", "Minh", "Quang", "Thanh", "Công"}
	femaleMiddle = []string{"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ"}
	maleGiven    = []string{"An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Minh", "Nam", "Phúc", "Quang", "Sơn", "Tâm", "Thắng", "Tuấn", "Việt"}
	femaleGiven  = []string{"Anh", "Cúc", "Dung", "Hà", "Hoa", "Hương", "Lan", "Liên", "Mai", "Ngọc", "Nhung", "Thảo", "Thủy", "Trang", "Vân", "Yến"}
)

// memberHeader is the header of the demo's member file (the Vietnamese
// headers of docs/contracts.md, section Members).
var memberHeader = []string{"Mã xã", "Chi hội", "Họ và tên", "Giới tính", "Ngày sinh", "Số điện thoại", "Địa chỉ", "Ngày vào hội"}

// WriteMembers writes the member lists of MemberCommunes new communes (the
// first of each province first) in the member file format: MembersPerCommune members each, in
// four branches, born 1945–1995, joined between 1 July 2025 (on the new
// communes) and 30 June 2026, or today if that is earlier (nobody joins in
// the future; before 1 July 2025 the file has its header only). Importing
// it with branches created gives each commune its association, branches
// and members. The same seed, units and day give the same bytes.
func WriteMembers(seed int64, u Units, today time.Time, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(memberHeader); err != nil {
		return err
	}
	joinFrom := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	days := min(365, int(today.Sub(joinFrom).Hours()/24)+1)
	if days <= 0 {
		cw.Flush()
		return cw.Error()
	}
	// The first commune of each province (the demo's commune accounts
	// are there), then the next ones, up to MemberCommunes.
	var picked []Commune
	seen := map[string]bool{}
	for _, c := range u.New {
		if !seen[c.Province] {
			seen[c.Province] = true
			picked = append(picked, c)
		}
	}
	for _, c := range u.New {
		if !slices.Contains(picked, c) {
			picked = append(picked, c)
		}
	}
	for i, c := range picked {
		if i >= MemberCommunes {
			break
		}
		h := fnv.New64a()
		fmt.Fprintf(h, "members|%s", c.Code)
		r := rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
		for n := 0; n < MembersPerCommune; n++ {
			female := r.IntN(100) < 55 // women are the larger part of the members
			var name, gender string
			if female {
				name = pick(r, familyNames) + " " + pick(r, femaleMiddle) + " " + pick(r, femaleGiven)
				gender = "Nữ"
			} else {
				name = pick(r, familyNames) + " " + pick(r, maleMiddle) + " " + pick(r, maleGiven)
				gender = "Nam"
			}
			born := time.Date(1945+r.IntN(51), time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
			joined := joinFrom.AddDate(0, 0, r.IntN(days))
			branch := memberBranches[r.IntN(len(memberBranches))]
			phone := ""
			if r.IntN(100) < 70 {
				phone = fmt.Sprintf("09%08d", r.IntN(100000000))
			}
			row := []string{c.Code, branch, name, gender, born.Format("02/01/2006"), phone, branch, joined.Format("02/01/2006")}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }
