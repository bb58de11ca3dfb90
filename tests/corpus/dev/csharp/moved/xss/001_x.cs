using System.Net;
using System.Text;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

// Renders the "business card" snippet that partners embed in an iframe on their own sites.
app.MapGet("/cards/preview", (string name, string? company, string? website) =>
{
    var displayName = WebUtility.HtmlEncode(name);
    var displayCompany = WebUtility.HtmlEncode(company ?? "");

    var html = new StringBuilder();
    html.AppendLine("<!doctype html>");
    html.AppendLine("<html><head><meta charset=\"utf-8\"><link rel=\"stylesheet\" href=\"/css/card.css\"></head><body>");
    html.AppendLine("<div class=\"card\">");
    html.AppendLine($"  <h2>{displayName}</h2>");
    if (displayCompany.Length > 0)
        html.AppendLine($"  <p class=\"company\">{displayCompany}</p>");

    // Only web links; anything else (mailto:, data:, javascript:, relative paths) is dropped.
    if (Uri.TryCreate(website?.Trim(), UriKind.Absolute, out var site)
        && (site.Scheme == Uri.UriSchemeHttps || site.Scheme == Uri.UriSchemeHttp))
    {
        var href = WebUtility.HtmlEncode(site.AbsoluteUri);
        html.AppendLine($"  <a class=\"site\" href=\"{href}\" target=\"_blank\" rel=\"noopener\">Website</a>");
    }

    html.AppendLine("</div></body></html>");

    return Results.Content(html.ToString(), "text/html; charset=utf-8");
});

app.MapGet("/health", () => "ok");

app.Run();
