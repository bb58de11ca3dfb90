using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/tools")]
public class ToolsController : ControllerBase
{
    private static readonly HashSet<string> AllowedHosts = new() { "example.com", "internal.local" };

    [HttpGet("ping")]
    public IActionResult Ping([FromQuery] string host)
    {
        // ruleid: cs-command-injection
        var p = Process.Start("cmd.exe", "/c ping -n 1 " + host);
        p.WaitForExit();
        return Ok();
    }

    [HttpGet("ping-safe")]
    public IActionResult PingSafe([FromQuery] string host)
    {
        var psi = new ProcessStartInfo("ping");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("1");
        // ok: cs-command-injection
        psi.ArgumentList.Add(host);
        using var p = Process.Start(psi);
        return Ok();
    }

    [HttpGet("lookup")]
    public IActionResult Lookup([FromQuery] string domain)
    {
        var psi = new ProcessStartInfo
        {
            FileName = "/bin/sh",
            // ruleid: cs-command-injection
            Arguments = $"-c \"nslookup {domain}\"",
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi);
        return Ok(p.StandardOutput.ReadToEnd());
    }

    [HttpGet("lookup-allowed")]
    public IActionResult LookupAllowed([FromQuery] string domain)
    {
        if (!AllowedHosts.Contains(domain))
        {
            return BadRequest();
        }
        var psi = new ProcessStartInfo
        {
            FileName = "/bin/sh",
            // ok: cs-command-injection
            Arguments = $"-c \"nslookup {domain}\"",
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi);
        return Ok(p.StandardOutput.ReadToEnd());
    }

    [HttpPost("run")]
    public IActionResult Run([FromForm] string tool)
    {
        // ruleid: cs-command-injection
        Process.Start(tool);
        return Ok();
    }

    [HttpPost("convert")]
    public IActionResult Convert([FromForm] string file)
    {
        var psi = new ProcessStartInfo();
        psi.FileName = "bash";
        psi.ArgumentList.Add("-c");
        // ruleid: cs-command-injection
        psi.ArgumentList.Add("convert " + file + " out.png");
        Process.Start(psi);
        return Ok();
    }

    [HttpPost("version")]
    public IActionResult Version()
    {
        const string cmd = "git --version";
        // ok: cs-command-injection
        Process.Start("/bin/sh", "-c \"" + cmd + "\"");
        return Ok();
    }
}

public static class DiagEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/diag/trace", (string target) =>
        {
            var psi = new ProcessStartInfo("powershell.exe");
            // ruleid: cs-command-injection
            psi.Arguments = "-Command Test-NetConnection " + target;
            Process.Start(psi);
            return Results.Ok();
        });

        app.MapPost("/diag/trace-safe", (string target) =>
        {
            if (!Regex.IsMatch(target, "^[a-zA-Z0-9.-]+$")) return Results.BadRequest();
            var psi = new ProcessStartInfo("tracert");
            // ok: cs-command-injection
            psi.ArgumentList.Add(target);
            Process.Start(psi);
            return Results.Ok();
        });
    }
}
