using System.IO.Compression;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace StaticSites.Api.Controllers;

// Customers publish a static site by uploading a zip of their build output.
[ApiController]
[Authorize]
[Route("api/sites/{siteId:guid}/deployments")]
public sealed class DeploymentsController : ControllerBase
{
    private const long MaxArchiveBytes = 50 * 1024 * 1024;
    private readonly ISiteRegistry _sites;
    private readonly ILogger<DeploymentsController> _logger;

    public DeploymentsController(ISiteRegistry sites, ILogger<DeploymentsController> logger)
    {
        _sites = sites;
        _logger = logger;
    }

    [HttpPost]
    [RequestSizeLimit(MaxArchiveBytes)]
    public async Task<IActionResult> Deploy(Guid siteId, IFormFile archive, CancellationToken ct)
    {
        var site = await _sites.FindOwnedAsync(siteId, User, ct);
        if (site is null)
            return NotFound();

        if (archive is null || !archive.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            return BadRequest(new { message = "upload a .zip archive" });

        var deploymentId = Guid.NewGuid().ToString("N");
        var targetRoot = Path.GetFullPath(Path.Combine(site.ContentRoot, "deployments", deploymentId))
            + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(targetRoot);

        await using var stream = archive.OpenReadStream();
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);

        var fileCount = 0;
        foreach (var entry in zip.Entries)
        {
            if (string.IsNullOrEmpty(entry.Name))
                continue; // directory entry

            var destination = Path.GetFullPath(Path.Combine(targetRoot, entry.FullName));
            if (!destination.StartsWith(targetRoot, StringComparison.Ordinal))
            {
                _logger.LogWarning("Rejected archive entry {Entry} for site {Site}", entry.FullName, siteId);
                Directory.Delete(targetRoot, recursive: true);
                return BadRequest(new { message = "archive contains entries outside the site folder" });
            }

            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            entry.ExtractToFile(destination, overwrite: true);
            fileCount++;
        }

        await _sites.ActivateAsync(siteId, deploymentId, ct);
        _logger.LogInformation("Deployed {Count} files to site {Site}", fileCount, siteId);

        return Ok(new { deploymentId, fileCount });
    }
}

public sealed record Site(Guid Id, string ContentRoot);

public interface ISiteRegistry
{
    Task<Site?> FindOwnedAsync(Guid siteId, System.Security.Claims.ClaimsPrincipal owner, CancellationToken ct);
    Task ActivateAsync(Guid siteId, string deploymentId, CancellationToken ct);
}
