package handlers

import (
	"net/http"

	"github.com/dop251/goja"
	"github.com/expr-lang/expr"
	"github.com/gin-gonic/gin"
)

type Env struct {
	Price float64
	Qty   int
}

func CalcHandler(c *gin.Context) {
	formula := c.Query("formula")
	// ruleid: go-code-injection
	program, err := expr.Compile(formula, expr.Env(Env{}))
	if err != nil {
		c.String(http.StatusBadRequest, "bad formula")
		return
	}
	out, _ := expr.Run(program, Env{Price: 2, Qty: 3})
	c.JSON(http.StatusOK, gin.H{"result": out})

	// ok: go-code-injection
	fixed, _ := expr.Compile("Price * Qty", expr.Env(Env{}))
	qty := c.Query("qty")
	out2, _ := expr.Run(fixed, map[string]any{"Qty": qty})
	c.JSON(http.StatusOK, gin.H{"result": out2})
}

func ScriptHandler(w http.ResponseWriter, r *http.Request) {
	src := r.FormValue("script")
	vm := goja.New()
	// ruleid: go-code-injection
	v, err := vm.RunString(src)
	if err != nil {
		http.Error(w, "script error", http.StatusBadRequest)
		return
	}
	_ = v

	vm2 := goja.New()
	vm2.Set("input", src)
	// ok: go-code-injection
	vm2.RunString("input.toUpperCase()")

	// ok: go-code-injection
	vm2.RunString("1 + 2")
}
