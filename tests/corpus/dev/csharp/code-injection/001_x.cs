using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LabTools.Pages.Tools;

[Authorize]
public sealed class CurveModel : PageModel
{
    [BindProperty] public string Formula { get; set; } = "x * x";
    [BindProperty] public double From { get; set; }
    [BindProperty] public double To { get; set; } = 10;

    public IReadOnlyList<(double X, double Y)> Points { get; private set; } = [];
    public string? Error { get; private set; }

    public void OnGet() { }

    // Plots a user-entered curve y = f(x) for the calibration worksheet.
    public IActionResult OnPost()
    {
        if (To <= From || To - From > 1_000)
        {
            Error = "Range is not valid.";
            return Page();
        }

        var source = $$"""
            using System;
            public static class Curve
            {
                public static double Eval(double x) => {{Formula}};
            }
            """;

        var compilation = CSharpCompilation.Create(
            $"curve_{Guid.NewGuid():N}",
            [CSharpSyntaxTree.ParseText(source)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location),
             MetadataReference.CreateFromFile(typeof(Math).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            Error = "The formula could not be compiled.";
            return Page();
        }

        var assembly = Assembly.Load(image.ToArray());
        var eval = assembly.GetType("Curve")!.GetMethod("Eval")!;

        var step = (To - From) / 100;
        var points = new List<(double, double)>(101);
        for (var i = 0; i <= 100; i++)
        {
            var x = From + i * step;
            points.Add((x, (double)eval.Invoke(null, [x])!));
        }

        Points = points;
        return Page();
    }
}
