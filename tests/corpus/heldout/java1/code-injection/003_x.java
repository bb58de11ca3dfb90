package com.finlytics.pricing.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets pricing analysts try out a discount formula against a sample basket before saving it.
 */
@RestController
public class FormulaPreviewController {

    private final ExpressionParser parser = new SpelExpressionParser();

    public record PreviewRequest(String formula, BigDecimal basketTotal, int itemCount, String tier) {}

    public record PreviewResponse(String formula, BigDecimal discount) {}

    @PostMapping("/api/pricing/formulas/preview")
    public ResponseEntity<PreviewResponse> preview(@RequestBody PreviewRequest req) {
        StandardEvaluationContext ctx = new StandardEvaluationContext();
        ctx.setVariables(Map.of(
                "total", req.basketTotal(),
                "items", req.itemCount(),
                "tier", req.tier() == null ? "STANDARD" : req.tier()));

        Expression expr = parser.parseExpression(req.formula());
        BigDecimal discount = expr.getValue(ctx, BigDecimal.class);
        if (discount == null) {
            discount = BigDecimal.ZERO;
        }
        return ResponseEntity.ok(new PreviewResponse(req.formula(),
                discount.setScale(2, RoundingMode.HALF_UP)));
    }
}
