using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

public class GreetingController : Controller
{
    private readonly HtmlEncoder _htmlEncoder;

    public GreetingController(HtmlEncoder htmlEncoder)
    {
        _htmlEncoder = htmlEncoder;
    }

    [HttpGet]
    public IActionResult Hello([FromQuery] string name)
    {
        // ruleid: cs-xss
        return Content("<h1>Hello " + name + "</h1>", "text/html");
    }

    [HttpGet]
    public IActionResult HelloEncoded([FromQuery] string name)
    {
        // ok: cs-xss
        return Content("<h1>Hello " + _htmlEncoder.Encode(name) + "</h1>", "text/html");
    }

    [HttpGet]
    public IActionResult HelloText([FromQuery] string name)
    {
        // ok: cs-xss
        return Content("Hello " + name, "text/plain");
    }

    [HttpGet]
    public IActionResult Banner(string message)
    {
        // ruleid: cs-xss
        ViewBag.Banner = new HtmlString($"<div class=\"banner\">{message}</div>");
        return View();
    }

    [HttpGet]
    public IActionResult BannerSafe(string message)
    {
        // ok: cs-xss
        ViewBag.Banner = new HtmlString($"<div class=\"banner\">{WebUtility.HtmlEncode(message)}</div>");
        return View();
    }
}

public class SearchModel : PageModel
{
    public HtmlString Summary { get; private set; }

    public void OnGet(string q)
    {
        // ruleid: cs-xss
        Summary = new HtmlString("<p>Results for <b>" + q + "</b></p>");
    }
}

public static class EchoEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/echo", async (HttpContext context) =>
        {
            var msg = context.Request.Query["msg"];
            context.Response.ContentType = "text/html; charset=utf-8";
            // ruleid: cs-xss
            await context.Response.WriteAsync($"<p>{msg}</p>");
        });

        app.MapGet("/echo-json", async (HttpContext context) =>
        {
            var msg = context.Request.Query["msg"];
            context.Response.ContentType = "application/json";
            // ok: cs-xss
            await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { msg = msg.ToString() }));
        });

        app.MapGet("/hello", (string name) =>
            // ok: cs-xss
            Results.Content($"<p>{HtmlEncoder.Default.Encode(name)}</p>", "text/html"));
    }
}

public sealed class CommentInput
{
    public string Author { get; set; } = "";
    public string Body { get; set; } = "";
}

public sealed class CommentPreviewModel : PageModel
{
    private readonly HtmlEncoder _encoder;

    public CommentPreviewModel(HtmlEncoder encoder) => _encoder = encoder;

    [BindProperty]
    public CommentInput Input { get; set; } = new();

    public IActionResult OnPostRaw()
    {
        var html = new StringBuilder();
        html.Append("<div class=\"comment\">");
        foreach (var line in Input.Body.Split('\n'))
        {
            // ruleid: cs-xss
            html.Append("<span>").Append(line).Append("</span>");
        }
        html.Append("</div>");
        return Content(html.ToString(), "text/html");
    }

    public IActionResult OnPostEncoded()
    {
        var html = new StringBuilder();
        var lines = Input.Body.Split('\n').Select(l => _encoder.Encode(l));
        // ok: cs-xss
        html.Append("<div>").Append(string.Join("<br>", lines)).Append("</div>");
        return Content(html.ToString(), "text/html");
    }

    public IActionResult OnPostAuthor()
    {
        var html = new StringBuilder();
        html.AppendLine("<h4>");
        // ruleid: cs-xss
        html.AppendLine(Input.Author);
        // ruleid: cs-xss
        return Content(html.ToString(), "text/html; charset=utf-8");
    }

    public IActionResult OnPostPlain()
    {
        var text = new StringBuilder();
        text.Append(Input.Body);
        // ok: cs-xss
        return Content(text.ToString(), "text/plain");
    }
}

public class ProfileLinksController : Controller
{
    public IActionResult Homepage([FromQuery] string url, [FromQuery] string avatar, [FromQuery] string q)
    {
        var encoded = HtmlEncoder.Default.Encode(url);
        // ruleid: cs-xss-url-attribute
        var link = $"<a rel=\"nofollow\" href=\"{encoded}\">home</a>";
        // ruleid: cs-xss-url-attribute
        var img = "<img alt=\"\" src='" + WebUtility.HtmlEncode(avatar) + "'>";
        // ok: cs-xss-url-attribute
        var search = $"<a href=\"/search?q={Uri.EscapeDataString(q)}\">again</a>";
        // ok: cs-xss-url-attribute
        var text = $"<p title=\"{encoded}\">{encoded}</p>";
        if (url.StartsWith("https://", StringComparison.Ordinal))
        {
            // ok: cs-xss-url-attribute
            var safeLink = $"<a href=\"{HtmlEncoder.Default.Encode(url)}\">home</a>";
        }
        if (Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps)
        {
            // ok: cs-xss-url-attribute
            var parsedLink = $"<a href=\"{WebUtility.HtmlEncode(parsed.AbsoluteUri)}\">home</a>";
        }
        return Content(link + img + search + text, "text/html");
    }
}
