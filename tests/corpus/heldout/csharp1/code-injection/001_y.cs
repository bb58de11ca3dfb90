using System.Collections.Frozen;
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

public sealed record QuotePreviewRequest(string RuleName, decimal BasePrice, int Quantity, string Region);

[ApiController]
[Authorize]
[Route("api/pricing/rules")]
public sealed class PricingRulesController : ControllerBase
{
    private static readonly ScriptOptions Options = ScriptOptions.Default
        .AddImports("System", "System.Math");

    // Rule bodies are owned by the pricing team and shipped with the service.
    private static readonly FrozenDictionary<string, string> Rules = new Dictionary<string, string>
    {
        ["volume"] = "Quantity >= 100 ? BasePrice * Quantity * 0.9m : BasePrice * Quantity",
        ["eu-vat"] = "Region == \"EU\" ? BasePrice * Quantity * 1.2m : BasePrice * Quantity",
        ["flat"] = "BasePrice * Quantity"
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Lets analysts try out a discount rule against sample inputs.
    [HttpPost("preview")]
    public async Task<IActionResult> Preview([FromBody] QuotePreviewRequest request, CancellationToken ct)
    {
        if (request.Quantity <= 0 || request.BasePrice < 0)
            return BadRequest("quantity and base price must be positive");

        if (!Rules.TryGetValue(request.RuleName ?? "", out var ruleBody))
            return NotFound($"unknown rule");

        var globals = new QuoteGlobals
        {
            BasePrice = request.BasePrice,
            Quantity = request.Quantity,
            Region = request.Region
        };

        try
        {
            var total = await CSharpScript.EvaluateAsync<decimal>(
                ruleBody, Options, globals, typeof(QuoteGlobals), ct);

            return Ok(new { total = Math.Round(total, 2) });
        }
        catch (CompilationErrorException)
        {
            return UnprocessableEntity("the rule does not compile");
        }
    }
}
