package memlimit

import "testing"

func TestLimitAndPercent(t *testing.T) {
	tests := []struct {
		bytes   int64
		limit   int64
		percent int
	}{
		{0, Floor, 400},
		{1 << 20, Floor, 400},
		{SmallInputs, Floor, 50},
		{8 << 20, PerInputByte * (8 << 20), 50},
	}
	for _, tt := range tests {
		if got := Limit(tt.bytes); got != tt.limit {
			t.Errorf("Limit(%d) = %d, want %d", tt.bytes, got, tt.limit)
		}
		if got := GCPercent(tt.bytes); got != tt.percent {
			t.Errorf("GCPercent(%d) = %d, want %d", tt.bytes, got, tt.percent)
		}
	}
}
