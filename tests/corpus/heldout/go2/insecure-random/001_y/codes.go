package reset

import (
	"crypto/rand"
	"fmt"
	"math/big"
)

var codeSpace = big.NewInt(100_000_000)

// CodeGenerator hands out the 8-digit codes mailed to users who forgot their password.
type CodeGenerator struct{}

func NewCodeGenerator() *CodeGenerator {
	return &CodeGenerator{}
}

func (g *CodeGenerator) Next() string {
	n, err := rand.Int(rand.Reader, codeSpace)
	if err != nil {
		// The system entropy source failing is not recoverable.
		panic(fmt.Sprintf("reset code: %v", err))
	}
	return fmt.Sprintf("%08d", n.Int64())
}
