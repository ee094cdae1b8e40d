package demo

// WaitingForm is a form that an officer of one of the demo's communes of
// ProvinceCode filled from the commune's figures and sent, and that waits
// for the province's approval when the demo starts, so that the province
// account's queue and approval page show what an approver meets.
type WaitingForm struct {
	// Commune is the commune's place among the demo's communes of
	// ProvinceCode in code order (0 is the commune account's own, which
	// is left to enter its figures).
	Commune int
	// Email and Name are the sending officer's account.
	Email, Name string
	// Scale multiplies figures of the commune's stored values before
	// sending, by indicator code: a figure typed wrong, or a real jump,
	// for the plausibility checks to find.
	Scale map[string]float64
	// Explanations answer the warnings by key; Otherwise answers any
	// other warning the figures raise.
	Explanations map[string]string
	Otherwise    string
}

// WaitingPeriod is the period of the waiting forms: the demo's latest.
var WaitingPeriod = NewPeriods[len(NewPeriods)-1]

// WaitingForms are the demo's forms waiting for approval: one as the
// figures stood, one whose members rose by half, each warning explained.
// (The demo's titles are registered early in the year and recognised in
// its second half; the checks compare them over the year to date, so that
// raises no warning.)
var WaitingForms = []WaitingForm{
	{Commune: 1, Email: "xa66b@demo.khuyenhoc.vn", Name: "Trần Văn Bình",
		Otherwise: otherwise},
	{Commune: 2, Email: "xa66c@demo.khuyenhoc.vn", Name: "Lê Thị Cúc",
		Scale: map[string]float64{"members.total": 1.5},
		Explanations: map[string]string{
			"change:members.total": "Kết nạp hội viên ở ba trường học mới thành lập chi hội trong 6 tháng cuối năm.",
		},
		Otherwise: otherwise},
}

// otherwise answers any other warning the demo's figures raise as they
// stand.
const otherwise = "Đã đối chiếu với sổ sách của các chi hội; con số đúng."
