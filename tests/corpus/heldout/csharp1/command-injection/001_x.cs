using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAuthentication().AddJwtBearer();
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

var diagnostics = app.MapGroup("/api/diagnostics").RequireAuthorization("NetworkOps");

// Quick reachability probe used by the NOC dashboard.
diagnostics.MapPost("/ping", async (PingRequest request, ILogger<Program> logger, CancellationToken ct) =>
{
    if (string.IsNullOrWhiteSpace(request.Host))
        return Results.BadRequest(new { message = "host is required" });

    var count = Math.Clamp(request.Count ?? 3, 1, 10);

    var psi = new ProcessStartInfo
    {
        FileName = "/bin/sh",
        Arguments = $"-c \"ping -c {count} -W 2 {request.Host}\"",
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false
    };

    using var process = Process.Start(psi)!;
    var output = await process.StandardOutput.ReadToEndAsync(ct);
    await process.WaitForExitAsync(ct);

    logger.LogInformation("Ping to {Host} exited with {Code}", request.Host, process.ExitCode);

    return Results.Ok(new PingResult(process.ExitCode == 0, output));
});

app.MapGet("/health", () => Results.Ok("ok")).AllowAnonymous();

app.Run();

public sealed record PingRequest(string Host, int? Count);
public sealed record PingResult(bool Reachable, string Output);
