using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace DocVault.Api.Controllers;

[ApiController]
[Authorize]
[Route("api/documents")]
public sealed partial class ThumbnailsController : ControllerBase
{
    private readonly IDocumentStore _documents;
    private readonly ILogger<ThumbnailsController> _logger;

    public ThumbnailsController(IDocumentStore documents, ILogger<ThumbnailsController> logger)
    {
        _documents = documents;
        _logger = logger;
    }

    [GeneratedRegex(@"^\d{2,4}x\d{2,4}$")]
    private static partial Regex GeometryPattern();

    private static bool IsValidGeometry(string size) => GeometryPattern().IsMatch(size);

    // GET api/documents/{id}/thumbnail?size=320x240
    [HttpGet("{documentId:guid}/thumbnail")]
    public async Task<IActionResult> Thumbnail(Guid documentId, [FromQuery] string size = "256x256", CancellationToken ct = default)
    {
        var source = await _documents.GetLocalPathAsync(documentId, User, ct);
        if (source is null)
            return NotFound();

        if (!IsValidGeometry(size))
            return BadRequest(new { message = "size must look like 320x240" });

        var output = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.png");
        var psi = new ProcessStartInfo("magick")
        {
            RedirectStandardError = true,
            UseShellExecute = false
        };
        foreach (var arg in new[] { $"{source}[0]", "-thumbnail", size, "-background", "white", "-flatten", output })
            psi.ArgumentList.Add(arg);

        using var process = Process.Start(psi)!;
        var stderr = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);

        if (process.ExitCode != 0)
        {
            _logger.LogWarning("Thumbnail for {Document} failed: {Error}", documentId, stderr);
            return StatusCode(StatusCodes.Status502BadGateway);
        }

        var bytes = await System.IO.File.ReadAllBytesAsync(output, ct);
        System.IO.File.Delete(output);
        return File(bytes, "image/png");
    }
}

public interface IDocumentStore
{
    Task<string?> GetLocalPathAsync(Guid documentId, System.Security.Claims.ClaimsPrincipal owner, CancellationToken ct);
}
