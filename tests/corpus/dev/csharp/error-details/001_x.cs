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

        // Support asked for enough detail in the response to triage tickets without log access.
        await context.Response.WriteAsJsonAsync(new
        {
            error = error?.GetType().Name,
            message = error?.Message,
            path = feature?.Path,
            stackTrace = error?.StackTrace,
            inner = error?.InnerException?.ToString()
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
