package report

import "time"

// The keys of the parts of a report that are not figures, which the
// association's officers write (saved per unit and period; see
// DocOptions). The result sections of Phần I each have a text and a text
// of its shortcomings, the latter under the section's key + LimitsSuffix.
const (
	SecAdvice       = "advice"       // Công tác tham mưu, chỉ đạo
	SecPropaganda   = "propaganda"   // Công tác tuyên truyền
	SecOrganisation = "organisation" // Công tác tổ chức, phát triển hội viên
	SecModels       = "models"       // Xây dựng các mô hình học tập
	SecFund         = "fund"         // Quỹ khuyến học, học bổng, khen thưởng
	SecCooperation  = "cooperation"  // Công tác phối hợp
	SecCentres      = "centres"      // Trung tâm học tập cộng đồng
	SecEmulation    = "emulation"    // Thi đua, khen thưởng
	SecStrengths    = "strengths"    // Đánh giá chung: ưu điểm
	SecWeaknesses   = "weaknesses"   // Đánh giá chung: hạn chế
	SecCauses       = "causes"       // Đánh giá chung: nguyên nhân
	SecDirections   = "directions"   // Phần II: phương hướng, nhiệm vụ
	SecProposals    = "proposals"    // Kiến nghị, đề xuất

	// LimitsSuffix turns a result section's key into its shortcomings'.
	LimitsSuffix = ".limits"
)

// ResultSections are the result sections of Phần I in document order.
var ResultSections = []string{SecAdvice, SecPropaganda, SecOrganisation, SecModels, SecFund, SecCooperation, SecCentres, SecEmulation}

// TextKeys are every key an officer may write, in document order.
func TextKeys() []string {
	var keys []string
	for _, k := range ResultSections {
		keys = append(keys, k, k+LimitsSuffix)
	}
	return append(keys, SecStrengths, SecWeaknesses, SecCauses, SecDirections, SecProposals)
}

// Texts are the officers' words for one unit (or cluster) and period.
type Texts struct {
	// Sections maps a key of TextKeys to its text. The document makes
	// each line a paragraph, as the officer sees it in the box (a blank
	// line between paragraphs changes nothing); a line starting with
	// "- ", "+ ", "– " or "• " is a bullet item.
	Sections map[string]string
	// After maps an indicator code to a sentence of the officer's own,
	// written after the generated sentence of that figure.
	After map[string]string
}

// Letterhead is what a unit's association sets for its documents. An
// empty field takes a default from the scope (the issuer's name, its
// superior, the place, "TM. BAN THƯỜNG VỤ" / "CHỦ TỊCH", the recipients).
type Letterhead struct {
	Superior    string   // "HỘI KHUYẾN HỌC VIỆT NAM"
	Issuer      string   // "HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK"
	Number      string   // "12/BC-KH"; empty leaves "Số:    /BC-KH" to fill in
	Place       string   // "Đắk Lắk" in "Đắk Lắk, ngày … tháng … năm …"
	Recipients  []string // "Hội Khuyến học Việt Nam (để b/c)"; "Lưu VP" is added
	OnBehalf    string   // "TM. BAN THƯỜNG VỤ"
	SignerTitle string   // "CHỦ TỊCH"
	SignerName  string
}

// DocOptions is what a report's document needs beyond the figures.
type DocOptions struct {
	Texts      Texts
	Letterhead Letterhead
	// Today dates the document and marks an unfinished period's figures
	// as provisional up to this day (Vietnam time).
	Today time.Time
}
