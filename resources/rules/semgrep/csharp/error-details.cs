using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

[ApiController]
[Route("api/orders")]
public class OrdersController : ControllerBase
{
    private readonly IOrderService _orders;
    private readonly ILogger<OrdersController> _logger;

    public OrdersController(IOrderService orders, ILogger<OrdersController> logger)
    {
        _orders = orders;
        _logger = logger;
    }

    [HttpPost]
    public async Task<IActionResult> Create([FromBody] OrderDto dto)
    {
        try
        {
            return Ok(await _orders.CreateAsync(dto));
        }
        catch (Exception ex)
        {
            // ruleid: cs-error-details-stack-trace
            return StatusCode(500, ex.ToString());
        }
    }

    [HttpPost("safe")]
    public async Task<IActionResult> CreateSafe([FromBody] OrderDto dto)
    {
        try
        {
            return Ok(await _orders.CreateAsync(dto));
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Order creation failed");
            // ok: cs-error-details-stack-trace
            return Problem(title: "Could not create the order", statusCode: 500);
        }
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Get(int id)
    {
        try
        {
            return Ok(await _orders.GetAsync(id));
        }
        catch (SqlException ex)
        {
            // ruleid: cs-error-details-exception-message
            return BadRequest(new { error = ex.Message });
        }
    }

    [HttpGet("{id}/items")]
    public async Task<IActionResult> Items(int id)
    {
        try
        {
            return Ok(await _orders.GetItemsAsync(id));
        }
        catch (OrderValidationException ex)
        {
            // ok: cs-error-details-exception-message
            return BadRequest(new { error = ex.Message });
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Items lookup failed for {Id}", id);
            // ok: cs-error-details-exception-message
            return StatusCode(500, new { error = "Internal error" });
        }
    }

    [HttpGet("{id}/trace")]
    public async Task<IActionResult> Trace(int id)
    {
        try
        {
            return Ok(await _orders.GetAsync(id));
        }
        catch (Exception ex)
        {
            // ruleid: cs-error-details-stack-trace
            return Problem(detail: ex.StackTrace, statusCode: 500);
        }
    }
}

public static class ErrorPipeline
{
    public static void Configure(WebApplication app)
    {
        // ruleid: cs-error-details-developer-exception-page
        app.UseDeveloperExceptionPage();

        app.UseExceptionHandler(errorApp =>
        {
            errorApp.Run(async context =>
            {
                var feature = context.Features.Get<IExceptionHandlerFeature>();
                context.Response.StatusCode = 500;
                // ruleid: cs-error-details-stack-trace
                await context.Response.WriteAsync(feature.Error.ToString());
            });
        });
    }

    public static void ConfigureSafe(WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            // ok: cs-error-details-developer-exception-page
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/error");
        }

        if (app.Environment.IsDevelopment())
            // ok: cs-error-details-developer-exception-page
            app.UseDeveloperExceptionPage();

        app.MapGet("/health", async (HttpContext context) =>
        {
            try
            {
                await CheckAsync();
                return Results.Ok("healthy");
            }
            catch (Exception ex)
            {
                // ok: cs-error-details-stack-trace
                return Results.Problem("Health check failed", statusCode: 503);
            }
        });
    }

    private static Task CheckAsync() => Task.CompletedTask;
}

public static class GlobalErrorPipeline
{
    public static void Configure(WebApplication app)
    {
        app.UseExceptionHandler(handler => handler.Run(async ctx =>
        {
            var failure = ctx.Features.Get<IExceptionHandlerFeature>()?.Error;
            ctx.Response.StatusCode = 500;
            // ruleid: cs-error-details-exception-in-response-object, cs-error-details-stack-trace
            await ctx.Response.WriteAsJsonAsync(new { kind = "failure", trace = failure?.StackTrace });
        }));
        app.UseExceptionHandler(handler => handler.Run(async ctx =>
        {
            ctx.Response.StatusCode = 500;
            // ok: cs-error-details-exception-in-response-object
            await ctx.Response.WriteAsJsonAsync(new { kind = "failure", traceId = ctx.TraceIdentifier });
        }));
    }
}

public class ReportsController : ControllerBase
{
    public IActionResult Build(string id)
    {
        try
        {
            return Ok(Generate(id));
        }
        catch (Exception problem)
        {
            // ruleid: cs-error-details-stack-trace
            return StatusCode(500, new { status = "error", detail = problem.ToString() });
        }
    }

    public IActionResult Build2(string id)
    {
        try
        {
            return Ok(Generate(id));
        }
        catch (InvalidOperationException problem)
        {
            _log.LogError(problem, "report failed");
            // ok: cs-error-details-exception-in-response-object
            return StatusCode(500, new { status = "error", code = "report_failed" });
        }
    }
}
