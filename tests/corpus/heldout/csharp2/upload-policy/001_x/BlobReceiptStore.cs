using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Claims.Portal.Storage;

public sealed record StoredReceipt(Guid Id, string BlobName);

public interface IReceiptStore
{
    Task<StoredReceipt> SaveAsync(int claimId, string ownerId, string extension, string originalName,
        Stream content, CancellationToken ct);
}

public sealed class BlobReceiptStore : IReceiptStore
{
    private readonly BlobContainerClient _container;

    public BlobReceiptStore(BlobContainerClient container) => _container = container;

    public async Task<StoredReceipt> SaveAsync(int claimId, string ownerId, string extension, string originalName,
        Stream content, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var blobName = $"claims/{claimId}/{id:N}{extension}";

        var blob = _container.GetBlobClient(blobName);
        await blob.UploadAsync(content, new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string>
            {
                ["owner"] = ownerId,
                ["originalName"] = Uri.EscapeDataString(originalName),
            },
            Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
        }, ct);

        return new StoredReceipt(id, blobName);
    }
}
