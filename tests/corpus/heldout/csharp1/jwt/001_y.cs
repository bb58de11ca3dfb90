using System.IdentityModel.Tokens.Jwt;
using Microsoft.AspNetCore.Mvc;

namespace Analytics.Embed.Controllers;

// Partners generate a short-lived signed token on their backend and put it in the iframe URL.
[ApiController]
[Route("embed")]
public sealed class EmbedController : ControllerBase
{
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

        var handler = new JwtSecurityTokenHandler();
        if (!handler.CanReadToken(token))
            return Unauthorized();

        var jwt = handler.ReadJwtToken(token);

        if (jwt.ValidTo < DateTime.UtcNow)
            return Unauthorized(new { message = "embed token expired" });

        if (jwt.Issuer != "partner-portal" || !jwt.Audiences.Contains("analytics-embed"))
            return Unauthorized();

        var tenantId = jwt.Claims.FirstOrDefault(c => c.Type == "tenant")?.Value;
        var allowed = jwt.Claims.Where(c => c.Type == "dashboard").Select(c => c.Value).ToHashSet();

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
