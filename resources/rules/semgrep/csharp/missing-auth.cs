using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Payroll.Api.Controllers;

[ApiController]
[Route("api/payslips")]
public class PayslipsController : ControllerBase
{
    // ruleid: cs-missing-auth-controller-action-default
    [HttpGet]
    public IActionResult List() { return Ok(); }

    // ruleid: cs-missing-auth-controller-action
    [HttpGet("{employeeId}")]
    public IActionResult ForEmployee(string employeeId) { return Ok(employeeId); }

    // ok: cs-missing-auth-controller-action
    [HttpPost("{employeeId}/approve")]
    [Authorize(Policy = "PayrollAdmin")]
    public IActionResult Approve(string employeeId) { return NoContent(); }

    // ok: cs-missing-auth-controller-action
    [AllowAnonymous]
    [HttpGet("schema")]
    public IActionResult Schema() { return Ok(); }
}

[ApiController]
[Authorize]
[Route("api/salaries")]
public class SalariesController : ControllerBase
{
    // ok: cs-missing-auth-controller-action
    [HttpGet("current")]
    public IActionResult Current() { return Ok(); }
}

[ApiController]
[AllowAnonymous]
[Route("status")]
public class StatusController : ControllerBase
{
    // ok: cs-missing-auth-controller-action-default
    [HttpGet]
    public IActionResult Ping() { return Ok("up"); }
}

public class TimesheetModel : PageModel
{
    public void OnGet() { }

    // ruleid: cs-missing-auth-razor-page
    public IActionResult OnPostSubmit() { return Page(); }
}

[Authorize(Roles = "manager")]
public class ApprovalsModel : PageModel
{
    // ok: cs-missing-auth-razor-page
    public IActionResult OnPostApprove() { return Page(); }
}

public class LoginModel : PageModel
{
    // ok: cs-missing-auth-razor-page
    public IActionResult OnPost() { return Page(); }
}

public static class Endpoints
{
    public static void Map(WebApplication app)
    {
        // ruleid: cs-missing-auth-minimal-api
        app.MapDelete("/api/timesheets/{id}", (int id) => Results.NoContent());

        // ok: cs-missing-auth-minimal-api
        app.MapGet("/api/timesheets", () => Results.Ok()).RequireAuthorization();

        // ok: cs-missing-auth-minimal-api
        app.MapGet("/api/holidays", () => Results.Ok()).WithName("holidays").RequireAuthorization("staff");

        // ok: cs-missing-auth-minimal-api
        app.MapGet("/healthz", () => "ok").AllowAnonymous();

        // ok: cs-missing-auth-minimal-api
        app.MapPost("/api/expenses", (HttpContext ctx) =>
        {
            if (ctx.User.Identity?.IsAuthenticated != true) return Results.Unauthorized();
            return Results.Ok();
        });

        var reports = app.MapGroup("/api/reports").RequireAuthorization();
        // ok: cs-missing-auth-minimal-api, cs-missing-auth-minimal-api-group
        reports.MapGet("/monthly", () => Results.Ok());

        var exports = app.MapGroup("/api/exports");
        // ruleid: cs-missing-auth-minimal-api-group
        exports.MapGet("/ledger", () => Results.Ok());
    }
}

public static class SecuredHost
{
    public static void Run(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorization(o =>
        {
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        var app = builder.Build();
        // ok: cs-missing-auth-minimal-api
        app.MapGet("/api/payroll/runs", () => Results.Ok());
        app.Run();
    }

    public static void RunWithBuilder(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        var app = builder.Build();
        // ok: cs-missing-auth-minimal-api
        app.MapPost("/api/payroll/runs", () => Results.Ok());
        app.Run();
    }
}

public static class TimesheetEndpoints
{
    public static RouteGroupBuilder MapTimesheets(this RouteGroupBuilder group)
    {
        // ok: cs-missing-auth-minimal-api
        group.MapGet("/{id}", (int id) => Results.Ok(id));
        return group;
    }
}
