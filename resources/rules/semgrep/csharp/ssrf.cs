using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/proxy")]
public class ProxyController : ControllerBase
{
    private static readonly HashSet<string> AllowedHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "images.example.com",
        "cdn.example.com",
    };

    private readonly HttpClient _httpClient;

    public ProxyController(IHttpClientFactory factory)
    {
        _httpClient = factory.CreateClient("proxy");
    }

    [HttpGet("fetch")]
    public async Task<IActionResult> Fetch([FromQuery] string url)
    {
        // ruleid: cs-ssrf
        var body = await _httpClient.GetStringAsync(url);
        return Content(body, "text/plain");
    }

    [HttpGet("fetch-allowed")]
    public async Task<IActionResult> FetchAllowed([FromQuery] string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return BadRequest();
        }
        if (!AllowedHosts.Contains(uri.Host))
        {
            return BadRequest();
        }
        // ok: cs-ssrf
        var body = await _httpClient.GetStringAsync(uri);
        return Content(body, "text/plain");
    }

    [HttpGet("weather")]
    public async Task<IActionResult> Weather([FromQuery] string city)
    {
        // ok: cs-ssrf
        var json = await _httpClient.GetStringAsync($"https://api.weather.example.com/v1/current?city={Uri.EscapeDataString(city)}");
        return Content(json, "application/json");
    }

    [HttpGet("item/{id}")]
    public async Task<IActionResult> Item(string id)
    {
        // ok: cs-ssrf
        var json = await _httpClient.GetStringAsync("items/" + Uri.EscapeDataString(id));
        return Content(json, "application/json");
    }

    [HttpPost("webhook-test")]
    public async Task<IActionResult> WebhookTest([FromBody] WebhookDto dto)
    {
        // ruleid: cs-ssrf
        var request = new HttpRequestMessage(HttpMethod.Post, dto.CallbackUrl);
        var response = await _httpClient.SendAsync(request);
        return StatusCode((int)response.StatusCode);
    }

    [HttpGet("host")]
    public async Task<IActionResult> ByHost([FromQuery] string host)
    {
        // ruleid: cs-ssrf
        var resp = await _httpClient.GetAsync($"http://{host}/status");
        return Ok(resp.StatusCode);
    }

    [HttpGet("image")]
    public async Task<IActionResult> Image([FromQuery] string src)
    {
        if (!AllowedHosts.Contains(new Uri(src).Host))
        {
            return BadRequest();
        }
        // ok: cs-ssrf
        var bytes = await _httpClient.GetByteArrayAsync(src);
        return File(bytes, "image/png");
    }
}

public static class PreviewEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/preview", async (string target, IHttpClientFactory factory) =>
        {
            var client = factory.CreateClient();
            // ruleid: cs-ssrf
            var html = await client.GetStringAsync(target);
            return Results.Text(html);
        });

        app.MapGet("/preview-fixed", async (IHttpClientFactory factory) =>
        {
            var client = factory.CreateClient();
            // ok: cs-ssrf
            var html = await client.GetStringAsync("https://status.example.com/");
            return Results.Text(html);
        });
    }
}

public sealed class WebhookTarget
{
    public string CallbackUrl { get; init; } = "";
    public string Name { get; init; } = "";
}

public sealed class WebhookDispatcher
{
    private static readonly HashSet<string> ApprovedHosts = new(StringComparer.OrdinalIgnoreCase) { "hooks.partner.example" };
    private readonly HttpClient _http;

    public WebhookDispatcher(HttpClient http) => _http = http;

    public async Task SendAsync(WebhookTarget target, string payload)
    {
        if (!Uri.TryCreate(target.CallbackUrl, UriKind.Absolute, out var uri))
            return;
        // ruleid: cs-ssrf-method-argument
        await _http.PostAsync(uri, new StringContent(payload));
    }

    public async Task SendCheckedAsync(WebhookTarget target, string payload)
    {
        if (!Uri.TryCreate(target.CallbackUrl, UriKind.Absolute, out var uri))
            return;
        if (uri.Scheme != Uri.UriSchemeHttps || !ApprovedHosts.Contains(uri.IdnHost))
            return;
        // ok: cs-ssrf-method-argument
        await _http.PostAsync(uri, new StringContent(payload));
    }

    // a plain URL-taking helper is a wrapper; the caller decides where the URL comes from
    public async Task<string> PingAsync(string statusUrl)
    {
        // ok: cs-ssrf-method-argument
        return await _http.GetStringAsync(statusUrl);
    }

    public async Task<string> NamedAsync(WebhookTarget target)
    {
        // ok: cs-ssrf-method-argument
        return await _http.GetStringAsync("https://directory.example/targets/" + Uri.EscapeDataString(target.Name));
    }
}

[ApiController]
[Route("api/link-preview")]
public class LinkPreviewController : ControllerBase
{
    private static readonly HashSet<string> Hosts = new() { "news.example.com" };
    private readonly IHttpClientFactory _factory;
    public LinkPreviewController(IHttpClientFactory factory) => _factory = factory;

    [HttpGet]
    public async Task<IActionResult> Preview([FromQuery] string link)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var parsed))
            return BadRequest();
        var client = _factory.CreateClient();
        // ruleid: cs-ssrf
        return Ok(await client.GetStringAsync(parsed));
    }

    [HttpGet("checked")]
    public async Task<IActionResult> PreviewChecked([FromQuery] string link)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var parsed) || !Hosts.Contains(parsed.Host))
            return BadRequest();
        var client = _factory.CreateClient();
        // ok: cs-ssrf
        return Ok(await client.GetStringAsync(parsed));
    }
}
