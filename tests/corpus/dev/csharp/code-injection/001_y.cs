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
    // Polynomial coefficients, highest power first, e.g. "1.5, 0, -2" for 1.5x² - 2.
    [BindProperty] public string Coefficients { get; set; } = "1, 0, 0";
    [BindProperty] public double From { get; set; }
    [BindProperty] public double To { get; set; } = 10;

    public IReadOnlyList<(double X, double Y)> Points { get; private set; } = [];
    public string? Error { get; private set; }

    public void OnGet() { }

    // Plots a user-entered polynomial for the calibration worksheet.
    public IActionResult OnPost()
    {
        if (To <= From || To - From > 1_000)
        {
            Error = "Range is not valid.";
            return Page();
        }

        var parts = Coefficients.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 8)
        {
            Error = "Enter between 1 and 8 coefficients.";
            return Page();
        }

        var terms = new List<string>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var c) || !double.IsFinite(c))
            {
                Error = $"Coefficient {i + 1} is not a number.";
                return Page();
            }

            var power = parts.Length - 1 - i;
            terms.Add($"{c.ToString("R", CultureInfo.InvariantCulture)} * Math.Pow(x, {power})");
        }

        var source = $$"""
            using System;
            public static class Curve
            {
                public static double Eval(double x) => {{string.Join(" + ", terms)}};
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
            Error = "The curve could not be compiled.";
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
