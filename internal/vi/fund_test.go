package vi

import "testing"

func TestAmountInWordsReadsAmountsAsAVoucherWritesThem(t *testing.T) {
	for n, want := range map[int64]string{
		0:             "Không đồng",
		5:             "Năm đồng",
		15:            "Mười lăm đồng",
		21:            "Hai mươi mốt đồng",
		24:            "Hai mươi tư đồng",
		105:           "Một trăm linh năm đồng",
		115:           "Một trăm mười lăm đồng",
		1_000:         "Một nghìn đồng",
		1_500_000:     "Một triệu năm trăm nghìn đồng",
		2_005_000:     "Hai triệu không trăm linh năm nghìn đồng",
		1_000_001:     "Một triệu không trăm linh một đồng",
		10_250_000:    "Mười triệu hai trăm năm mươi nghìn đồng",
		3_000_000_000: "Ba tỷ đồng",
		-200_000:      "Âm hai trăm nghìn đồng",
	} {
		if got := AmountInWords(n); got != want {
			t.Errorf("AmountInWords(%d) = %q, want %q", n, got, want)
		}
	}
}
