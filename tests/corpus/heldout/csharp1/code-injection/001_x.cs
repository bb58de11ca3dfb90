using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Pricing.Api.Controllers;

public sealed class QuoteGlobals
{
    public decimal BasePrice { get; init; }
    public int Quantity { get; init; }
    public string Region { get; init; } = "";
}

public sealed record QuotePreviewRequest(string DiscountRule, decimal BasePrice, int Quantity, string Region);

[ApiController]
[Authorize]
[Route("api/pricing/rules")]
public sealed class PricingRulesController : ControllerBase
{
    private static readonly ScriptOptions Options = ScriptOptions.Default
        .AddImports("System", "System.Math");

    // Lets analysts try out a discount rule against sample inputs before saving it.
    [HttpPost("preview")]
    public async Task<IActionResult> Preview([FromBody] QuotePreviewRequest request, CancellationToken ct)
    {
        if (request.Quantity <= 0 || request.BasePrice < 0)
            return BadRequest("quantity and base price must be positive");

        var globals = new QuoteGlobals
        {
            BasePrice = request.BasePrice,
            Quantity = request.Quantity,
            Region = request.Region
        };

        try
        {
            var total = await CSharpScript.EvaluateAsync<decimal>(
                request.DiscountRule, Options, globals, typeof(QuoteGlobals), ct);

            return Ok(new { total = Math.Round(total, 2) });
        }
        catch (CompilationErrorException)
        {
            return UnprocessableEntity("the rule does not compile");
        }
    }
}
