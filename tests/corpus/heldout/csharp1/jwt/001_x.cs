using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Analytics.Embed.Controllers;

// Partners generate a short-lived signed token on their backend and put it in the iframe URL.
[ApiController]
[Route("embed")]
public sealed class EmbedController : ControllerBase
{
    private static readonly Lazy<TokenValidationParameters> ValidationParameters = new(() => new TokenValidationParameters
    {
        ValidIssuer = "partner-portal",
        ValidAudience = "analytics-embed",
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(
            Environment.GetEnvironmentVariable("EMBED_SIGNING_KEY")
                ?? throw new InvalidOperationException("EMBED_SIGNING_KEY is not set"))),
        ClockSkew = TimeSpan.FromSeconds(30)
    });

    private readonly IDashboardService _dashboards;
    private readonly ILogger<EmbedController> _logger;

    public EmbedController(IDashboardService dashboards, ILogger<EmbedController> logger)
    {
        _dashboards = dashboards;
        _logger = logger;
    }

    [HttpGet("dashboards/{dashboardId:guid}")]
    public async Task<IActionResult> Dashboard(Guid dashboardId, [FromQuery] string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token))
            return Unauthorized();

        var handler = new JsonWebTokenHandler();
        var result = await handler.ValidateTokenAsync(token, ValidationParameters.Value);
        if (!result.IsValid)
            return Unauthorized(new { message = "embed token rejected" });

        var tenantId = result.ClaimsIdentity.FindFirst("tenant")?.Value;
        var allowed = result.ClaimsIdentity.FindAll("dashboard").Select(c => c.Value).ToHashSet();

        if (tenantId is null || !allowed.Contains(dashboardId.ToString()))
            return Forbid();

        _logger.LogInformation("Embed view of {Dashboard} for tenant {Tenant}", dashboardId, tenantId);

        var data = await _dashboards.RenderAsync(tenantId, dashboardId, ct);
        return data is null ? NotFound() : Ok(data);
    }
}

public interface IDashboardService
{
    Task<object?> RenderAsync(string tenantId, Guid dashboardId, CancellationToken ct);
}
