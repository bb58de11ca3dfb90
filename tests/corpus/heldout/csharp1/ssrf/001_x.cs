using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Controllers;

public sealed record ImageImportRequest(string SourceUrl, string? AltText);

[ApiController]
[Authorize(Policy = "Seller")]
[Route("api/products/{productId:int}/images")]
public sealed class ProductImagesController : ControllerBase
{
    private static readonly HashSet<string> PartnerHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "cdn.supplier-one.com",
        "images.wholesale-partner.net",
        "media.example-brand.com"
    };

    private const long MaxImageBytes = 5 * 1024 * 1024;

    private readonly IHttpClientFactory _httpClients;
    private readonly IImageStore _store;
    private readonly ILogger<ProductImagesController> _logger;

    public ProductImagesController(IHttpClientFactory httpClients, IImageStore store, ILogger<ProductImagesController> logger)
    {
        _httpClients = httpClients;
        _store = store;
        _logger = logger;
    }

    [HttpPost("import")]
    public async Task<IActionResult> Import(int productId, [FromBody] ImageImportRequest request, CancellationToken ct)
    {
        if (!Uri.TryCreate(request.SourceUrl, UriKind.Absolute, out var source))
            return BadRequest(new { message = "sourceUrl must be an absolute URL" });

        var partnerHost = PartnerHosts.Contains(source.Host);
        if (!partnerHost)
        {
            // Still rolling out the partner list; track who imports from elsewhere for now.
            _logger.LogWarning("Seller {Seller} importing image from non-partner host {Host}",
                User.Identity?.Name, source.Host);
        }

        var client = _httpClients.CreateClient("image-import");
        using var response = await client.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
            return UnprocessableEntity(new { message = $"source returned {(int)response.StatusCode}" });

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (bytes.Length > MaxImageBytes)
            return UnprocessableEntity(new { message = "image too large" });

        var imageId = await _store.SaveAsync(productId, bytes, mediaType, request.AltText, ct);
        return Created($"/api/products/{productId}/images/{imageId}", new { imageId, mediaType, size = bytes.Length });
    }
}

public interface IImageStore
{
    Task<Guid> SaveAsync(int productId, byte[] content, string mediaType, string? altText, CancellationToken ct);
}
