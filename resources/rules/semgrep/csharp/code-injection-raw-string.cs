using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.CodeAnalysis.CSharp;

public class RuleSandboxModel : PageModel
{
    // ruleid: cs-code-injection-raw-string-source
    [BindProperty] public string Condition { get; set; }

    public IActionResult OnPost()
    {
        var code = $$"""
            public static class Rule { public static bool Check(int amount) => {{Condition}}; }
            """;
        var tree = CSharpSyntaxTree.ParseText(code);
        return Page();
    }
}

public class ThresholdModel : PageModel
{
    // ok: cs-code-injection-raw-string-source
    [BindProperty] public string Limit { get; set; }

    public IActionResult OnPost()
    {
        var limit = int.Parse(Limit);
        var code = $$"""
            public static class Rule { public static bool Check(int amount) => amount < {{limit}}; }
            """;
        var tree = CSharpSyntaxTree.ParseText(code);
        return Page();
    }
}
