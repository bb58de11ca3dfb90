package reset

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// CodeGenerator hands out the 8-digit codes mailed to users who forgot their password.
type CodeGenerator struct {
	mu  sync.Mutex
	rng *rand.Rand
}

// NewCodeGenerator seeds a ChaCha8 stream so codes are well distributed.
func NewCodeGenerator() *CodeGenerator {
	var seed [32]byte
	binary.LittleEndian.PutUint64(seed[:8], uint64(time.Now().UnixNano()))
	return &CodeGenerator{rng: rand.New(rand.NewChaCha8(seed))}
}

func (g *CodeGenerator) Next() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return fmt.Sprintf("%08d", g.rng.IntN(100_000_000))
}
