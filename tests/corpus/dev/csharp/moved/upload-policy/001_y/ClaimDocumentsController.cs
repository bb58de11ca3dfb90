using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Claims.Web.Storage;

namespace Claims.Web.Controllers;

[ApiController]
[Authorize]
[Route("api/claims/{claimId:guid}/documents")]
public sealed class ClaimDocumentsController : ControllerBase
{
    private const long MaxDocumentBytes = 5 * 1024 * 1024;

    private static readonly HashSet<string> AcceptedExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".pdf", ".png", ".jpg", ".jpeg"
    };

    private readonly ClaimDocumentStore _store;
    private readonly IClaimService _claims;

    public ClaimDocumentsController(ClaimDocumentStore store, IClaimService claims)
    {
        _store = store;
        _claims = claims;
    }

    [HttpPost]
    [RequestSizeLimit(MaxDocumentBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxDocumentBytes + 64 * 1024)]
    public async Task<IActionResult> Upload(Guid claimId, [FromForm] IFormFile document, CancellationToken ct)
    {
        if (!await _claims.IsOpenClaimOfAsync(claimId, User, ct))
            return NotFound();

        if (document is null || document.Length == 0)
            return BadRequest(new { message = "attach a file" });

        if (document.Length > MaxDocumentBytes)
            return StatusCode(StatusCodes.Status413PayloadTooLarge, new { message = "files must be 5 MB or smaller" });

        var extension = Path.GetExtension(document.FileName);
        if (!AcceptedExtensions.Contains(extension))
            return BadRequest(new { message = "only PDF and image files are accepted" });

        var stored = await _store.SaveAsync(claimId, document, extension.ToLowerInvariant(), ct);
        await _claims.AttachDocumentAsync(claimId, stored, ct);

        return Created($"/api/claims/{claimId}/documents/{stored.Id}", new { stored.Id, stored.OriginalName, stored.Size });
    }
}

public interface IClaimService
{
    Task<bool> IsOpenClaimOfAsync(Guid claimId, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct);
    Task AttachDocumentAsync(Guid claimId, StoredDocument document, CancellationToken ct);
}
