using System.Diagnostics;
using System.Net.Mime;
using Microsoft.AspNetCore.Diagnostics;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAuthentication().AddJwtBearer();
builder.Services.AddAuthorization();
builder.Services.AddScoped<IShipmentService, ShipmentService>();

var app = builder.Build();

app.UseExceptionHandler(errorApp =>
{
    errorApp.Run(async context =>
    {
        var feature = context.Features.Get<IExceptionHandlerPathFeature>();
        var error = feature?.Error;

        context.Response.StatusCode = error switch
        {
            KeyNotFoundException => StatusCodes.Status404NotFound,
            ArgumentException => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status500InternalServerError
        };
        context.Response.ContentType = MediaTypeNames.Application.Json;

        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Errors");
        logger.LogError(error, "Unhandled error on {Path} (trace {TraceId})", feature?.Path, traceId);

        // Support can find the full details in the logs from the trace id.
        await context.Response.WriteAsJsonAsync(new
        {
            error = context.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => "not_found",
                StatusCodes.Status400BadRequest => "bad_request",
                _ => "internal_error"
            },
            traceId
        });
    });
});

app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/api/shipments/{trackingNumber}", async (string trackingNumber, IShipmentService shipments) =>
        Results.Ok(await shipments.TrackAsync(trackingNumber)))
    .RequireAuthorization();

app.Run();

public interface IShipmentService
{
    Task<object> TrackAsync(string trackingNumber);
}

public sealed class ShipmentService : IShipmentService
{
    public Task<object> TrackAsync(string trackingNumber) =>
        throw new KeyNotFoundException($"No shipment with tracking number {trackingNumber}");
}
