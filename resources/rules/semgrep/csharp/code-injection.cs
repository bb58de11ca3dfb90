using System.Collections.Generic;
using System.Threading.Tasks;
using Jint;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

public class Globals
{
    public double X { get; set; }
}

[ApiController]
[Route("api/calc")]
public class CalculatorController : ControllerBase
{
    private static readonly Dictionary<string, string> Formulas = new()
    {
        ["double"] = "X * 2",
        ["square"] = "X * X",
    };

    [HttpPost("eval")]
    public async Task<IActionResult> Eval([FromBody] CalcRequest request)
    {
        // ruleid: cs-code-injection
        var result = await CSharpScript.EvaluateAsync<double>(request.Expression);
        return Ok(result);
    }

    [HttpPost("formula")]
    public async Task<IActionResult> Formula([FromQuery] string name, [FromQuery] double x)
    {
        if (!Formulas.ContainsKey(name))
        {
            return BadRequest();
        }
        // ok: cs-code-injection
        var result = await CSharpScript.EvaluateAsync<double>(Formulas[name], globals: new Globals { X = x });
        return Ok(result);
    }

    [HttpPost("fixed")]
    public async Task<IActionResult> Fixed([FromQuery] double x)
    {
        // ok: cs-code-injection
        var result = await CSharpScript.EvaluateAsync<double>("X * 2 + 1", ScriptOptions.Default, new Globals { X = x });
        return Ok(result);
    }

    [HttpPost("js")]
    public IActionResult RunJs(string script)
    {
        var engine = new Engine();
        // ruleid: cs-code-injection
        var value = engine.Evaluate(script);
        return Ok(value.ToString());
    }

    [HttpPost("js-safe")]
    public IActionResult RunJsSafe(string input)
    {
        var engine = new Engine();
        engine.SetValue("input", input);
        // ok: cs-code-injection
        var value = engine.Evaluate("input.toUpperCase()");
        return Ok(value.ToString());
    }
}

public static class RuleEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/rules/test", async (string rule) =>
        {
            // ruleid: cs-code-injection
            var ok = await CSharpScript.EvaluateAsync<bool>("var amount = 100; " + rule);
            return Results.Ok(ok);
        });
    }
}
