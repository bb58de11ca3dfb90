using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/avatars")]
public class AvatarsController : ControllerBase
{
    private static readonly string[] Allowed = { ".png", ".jpg" };
    private const long MaxBytes = 2 * 1024 * 1024;

    [HttpPost]
    public async Task<IActionResult> Upload(IFormFile avatar)
    {
        var path = Path.Combine("/srv/avatars", Guid.NewGuid().ToString("N"));
        await using var fs = System.IO.File.Create(path);
        // ruleid: cs-upload-no-type-check, cs-upload-no-size-limit
        await avatar.CopyToAsync(fs);
        return Ok();
    }

    [HttpPost("checked")]
    public async Task<IActionResult> UploadChecked(IFormFile avatar)
    {
        var ext = Path.GetExtension(avatar.FileName).ToLowerInvariant();
        if (!Allowed.Contains(ext))
            return BadRequest("type");
        if (avatar.Length > MaxBytes)
            return BadRequest("size");
        await using var fs = System.IO.File.Create(Path.Combine("/srv/avatars", Guid.NewGuid() + ext));
        // ok: cs-upload-no-type-check, cs-upload-no-size-limit
        await avatar.CopyToAsync(fs);
        return Ok();
    }

    [HttpPost("sized")]
    [RequestSizeLimit(MaxBytes)]
    public async Task<IActionResult> UploadSized(IFormFile avatar)
    {
        if (avatar.ContentType != "image/png")
            return BadRequest();
        await using var fs = System.IO.File.Create(Path.Combine("/srv/avatars", Guid.NewGuid() + ".png"));
        // ok: cs-upload-no-type-check, cs-upload-no-size-limit
        await avatar.CopyToAsync(fs);
        return Ok();
    }

    [HttpPost("validated")]
    public async Task<IActionResult> UploadValidated(IFormFile avatar)
    {
        if (!await _validator.IsAcceptableImageAsync(avatar))
            return BadRequest();
        await using var fs = System.IO.File.Create(Path.Combine("/srv/avatars", Guid.NewGuid() + ".png"));
        // ok: cs-upload-no-type-check, cs-upload-no-size-limit
        await avatar.CopyToAsync(fs);
        return Ok();
    }

    [HttpPost("many")]
    public async Task<IActionResult> UploadMany()
    {
        foreach (var doc in Request.Form.Files)
        {
            if (doc.Length > MaxBytes) return BadRequest();
            await using var fs = System.IO.File.Create(Path.Combine("/srv/docs", doc.FileName));
            // ruleid: cs-upload-no-type-check
            doc.CopyTo(fs);
        }
        return Ok();
    }
}

public class AttachmentModel : PageModel
{
    public IFormFile? Attachment { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Attachment is null) return Page();
        var name = Guid.NewGuid() + Path.GetExtension(Attachment.FileName);
        // ruleid: cs-upload-no-type-check, cs-upload-no-size-limit
        await _blobs.UploadBlobAsync(name, Attachment.OpenReadStream());
        return Page();
    }
}

// Handler checks the type against an allow-list, only rejects empty files, then hands the file to a store.
[ApiController]
[DisableRequestSizeLimit]
public class ReceiptsController : ControllerBase
{
    private static readonly HashSet<string> Types = new() { ".png", ".pdf" };
    private readonly ReceiptArchive _archive;

    [HttpPost("receipts")]
    public async Task<IActionResult> Add([FromForm] IFormFile receipt)
    {
        if (receipt == null || receipt.Length == 0) return BadRequest();
        if (!Types.Contains(Path.GetExtension(receipt.FileName))) return BadRequest();
        // ruleid: cs-upload-no-size-limit
        await _archive.StoreReceiptAsync(User.Identity.Name, receipt);
        return Ok();
    }

    [HttpPost("receipts/bounded")]
    public async Task<IActionResult> AddBounded([FromForm] IFormFile receipt)
    {
        if (receipt.Length > 2_000_000) return BadRequest();
        if (!Types.Contains(Path.GetExtension(receipt.FileName))) return BadRequest();
        // ok: cs-upload-no-size-limit, cs-upload-no-type-check
        await _archive.StoreReceiptAsync(User.Identity.Name, receipt);
        return Ok();
    }

    [HttpPost("receipts/any")]
    public async Task<IActionResult> AddAnything([FromForm] IFormFile receipt)
    {
        if (receipt.Length > 2_000_000) return BadRequest();
        // ruleid: cs-upload-no-type-check
        await _archive.SaveAsync(receipt);
        return Ok();
    }
}

// Storage service: the checks belong to (and are judged at) the request handler that calls it.
public class ReceiptArchive
{
    public async Task StoreReceiptAsync(string owner, IFormFile file)
    {
        using var fs = File.Create(Path.Combine("/data/receipts", Guid.NewGuid().ToString("N")));
        // ok: cs-upload-no-type-check, cs-upload-no-size-limit
        await file.CopyToAsync(fs);
    }
}
