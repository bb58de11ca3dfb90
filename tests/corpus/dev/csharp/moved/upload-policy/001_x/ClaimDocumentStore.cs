using Microsoft.Extensions.Options;

namespace Claims.Web.Storage;

public sealed class DocumentStorageOptions
{
    public string Root { get; set; } = "/var/lib/claims/documents";
}

public sealed record StoredDocument(Guid Id, string OriginalName, string StoredPath, long Size);

public sealed class ClaimDocumentStore
{
    private readonly string _root;

    public ClaimDocumentStore(IOptions<DocumentStorageOptions> options) => _root = options.Value.Root;

    // Files are stored under a generated name; the original name is only kept as metadata.
    public async Task<StoredDocument> SaveAsync(Guid claimId, IFormFile file, string extension, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var directory = Path.Combine(_root, claimId.ToString("N"));
        Directory.CreateDirectory(directory);

        var storedPath = Path.Combine(directory, id.ToString("N") + extension);
        await using var target = new FileStream(storedPath, FileMode.CreateNew, FileAccess.Write);
        await file.CopyToAsync(target, ct);

        return new StoredDocument(id, file.FileName, storedPath, file.Length);
    }
}
