using System.Security.Claims;
using Claims.Portal.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Claims.Portal.Controllers;

[ApiController]
[Authorize]
[Route("api/claims/{claimId:int}/receipts")]
public sealed class ReceiptsController : ControllerBase
{
    private readonly IReceiptStore _store;
    private readonly ILogger<ReceiptsController> _logger;

    public ReceiptsController(IReceiptStore store, ILogger<ReceiptsController> logger)
    {
        _store = store;
        _logger = logger;
    }

    [HttpPost]
    [RequestSizeLimit(ReceiptRules.MaxBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = ReceiptRules.MaxBytes + 64 * 1024)]
    public async Task<IActionResult> Upload(int claimId, IFormFile receipt, CancellationToken ct)
    {
        if (receipt is null || receipt.Length == 0)
        {
            return BadRequest(new { error = "A receipt file is required." });
        }

        var problem = await ReceiptRules.CheckAsync(receipt, ct);
        if (problem is not null)
        {
            _logger.LogInformation("Receipt for claim {ClaimId} refused: {Reason}", claimId, problem);
            return UnprocessableEntity(new { error = problem });
        }

        var ownerId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        await using var content = receipt.OpenReadStream();
        var stored = await _store.SaveAsync(
            claimId,
            ownerId,
            ReceiptRules.NormalisedExtension(receipt.FileName),
            receipt.FileName,
            content,
            ct);

        return CreatedAtAction(nameof(Upload), new { claimId }, new { id = stored.Id, size = receipt.Length });
    }
}
