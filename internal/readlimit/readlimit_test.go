package readlimit

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		size, limit int64
		want        string
		ok          bool
	}{
		{"size as stat said", "hello", 5, 10, "hello", true},
		{"file grew after stat", "hello world", 5, 20, "hello world", true},
		{"file shrank after stat", "hi", 5, 10, "hi", true},
		{"empty", "", 0, 10, "", true},
		{"at the limit", "hello", 5, 5, "hello", true},
		{"over the limit", "hello world", 5, 5, "hello ", false},
		{"stat over the limit", "hello world", 11, 5, "hello ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ok, err := Read(strings.NewReader(tt.text), tt.size, tt.limit)
			if err != nil || ok != tt.ok || string(b) != tt.want {
				t.Errorf("Read = %q, %v, %v; want %q, %v", b, ok, err, tt.want, tt.ok)
			}
			b, ok, err = Read(iotest.OneByteReader(strings.NewReader(tt.text)), tt.size, tt.limit)
			if err != nil || ok != tt.ok || string(b) != tt.want {
				t.Errorf("Read one byte at a time = %q, %v, %v; want %q, %v", b, ok, err, tt.want, tt.ok)
			}
		})
	}
}

func TestReadError(t *testing.T) {
	want := iotest.ErrTimeout
	_, _, err := Read(iotest.TimeoutReader(iotest.OneByteReader(bytes.NewReader([]byte("abc")))), 3, 10)
	if err != want {
		t.Errorf("Read error = %v, want %v", err, want)
	}
}
