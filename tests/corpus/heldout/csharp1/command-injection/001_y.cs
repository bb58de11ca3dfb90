using System.Diagnostics;
using System.Net;
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
    if (!IPAddress.TryParse(request.Host, out var address))
        return Results.BadRequest(new { message = "host must be an IPv4 or IPv6 address" });

    var count = Math.Clamp(request.Count ?? 3, 1, 10);

    var psi = new ProcessStartInfo
    {
        FileName = "/bin/ping",
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false
    };
    psi.ArgumentList.Add("-c");
    psi.ArgumentList.Add(count.ToString());
    psi.ArgumentList.Add("-W");
    psi.ArgumentList.Add("2");
    psi.ArgumentList.Add(address.ToString());

    using var process = Process.Start(psi)!;
    var output = await process.StandardOutput.ReadToEndAsync(ct);
    await process.WaitForExitAsync(ct);

    logger.LogInformation("Ping to {Host} exited with {Code}", address, process.ExitCode);

    return Results.Ok(new PingResult(process.ExitCode == 0, output));
});

app.MapGet("/health", () => Results.Ok("ok")).AllowAnonymous();

app.Run();

public sealed record PingRequest(string Host, int? Count);
public sealed record PingResult(bool Reachable, string Output);
