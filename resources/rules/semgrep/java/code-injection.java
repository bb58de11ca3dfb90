package com.example.calc;

import java.util.Map;
import javax.script.*;
import org.springframework.expression.*;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/calc")
public class CalculatorController {
    private final ExpressionParser parser = new SpelExpressionParser();
    private final ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");

    @GetMapping("/spel")
    public Object spel(@RequestParam("expr") String expr) {
        StandardEvaluationContext ctx = new StandardEvaluationContext();
        // ruleid: java-code-injection
        Expression e = parser.parseExpression(expr);
        return e.getValue(ctx);
    }

    @GetMapping("/spel-safe")
    public Object spelSafe(@RequestParam("expr") String expr, @RequestBody Map<String, Object> data) {
        EvaluationContext ctx = SimpleEvaluationContext.forReadOnlyDataBinding().build();
        // ok: java-code-injection
        Expression e = parser.parseExpression(expr);
        return e.getValue(ctx, data);
    }

    @GetMapping("/price")
    public Object price(@RequestParam("qty") String qty) {
        StandardEvaluationContext ctx = new StandardEvaluationContext();
        ctx.setVariable("qty", Integer.parseInt(qty));
        // ok: java-code-injection
        return parser.parseExpression("#qty * 12.5").getValue(ctx);
    }

    @PostMapping("/script")
    public Object script(@RequestBody ScriptRequest request) throws ScriptException {
        // ruleid: java-code-injection
        return engine.eval(request.getFormula());
    }

    @PostMapping("/script-safe")
    public Object scriptSafe(@RequestBody ScriptRequest request) throws ScriptException {
        Bindings bindings = engine.createBindings();
        bindings.put("a", request.getA());
        bindings.put("b", request.getB());
        // ok: java-code-injection
        return engine.eval("a + b", bindings);
    }
}
