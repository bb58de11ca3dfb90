package com.finlytics.pricing.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Lets pricing analysts try one of the predefined discount formulas against a sample basket.
 */
@RestController
public class FormulaPreviewController {

    private static final ExpressionParser PARSER = new SpelExpressionParser();

    // formulas are maintained by the pricing team and shipped with the service
    private static final Map<String, Expression> FORMULAS = Map.of(
            "flat-five", PARSER.parseExpression("#total >= 50 ? new java.math.BigDecimal('5') : new java.math.BigDecimal('0')"),
            "bulk", PARSER.parseExpression("#items >= 10 ? #total * 0.08 : #total * 0.0"),
            "gold-tier", PARSER.parseExpression("#tier == 'GOLD' ? #total * 0.12 : #total * 0.03"));

    public record PreviewRequest(String formulaId, BigDecimal basketTotal, int itemCount, String tier) {}

    public record PreviewResponse(String formulaId, BigDecimal discount) {}

    @PostMapping("/api/pricing/formulas/preview")
    public ResponseEntity<PreviewResponse> preview(@RequestBody PreviewRequest req) {
        Expression expr = FORMULAS.get(req.formulaId());
        if (expr == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown formula");
        }

        StandardEvaluationContext ctx = new StandardEvaluationContext();
        ctx.setVariables(Map.of(
                "total", req.basketTotal() == null ? BigDecimal.ZERO : req.basketTotal(),
                "items", req.itemCount(),
                "tier", "GOLD".equals(req.tier()) ? "GOLD" : "STANDARD"));

        BigDecimal discount = expr.getValue(ctx, BigDecimal.class);
        if (discount == null) {
            discount = BigDecimal.ZERO;
        }
        return ResponseEntity.ok(new PreviewResponse(req.formulaId(),
                discount.setScale(2, RoundingMode.HALF_UP)));
    }
}
