using Microsoft.AspNetCore.Mvc;
using Shop.Catalog.Data;

namespace Shop.Catalog.Controllers;

[ApiController]
[Route("api/[controller]")]
public sealed class ProductsController : ControllerBase
{
    private readonly IProductRepository _products;
    private readonly ILogger<ProductsController> _logger;

    public ProductsController(IProductRepository products, ILogger<ProductsController> logger)
    {
        _products = products;
        _logger = logger;
    }

    // GET api/products?category=garden&term=hose&page=2
    [HttpGet]
    public async Task<ActionResult<IReadOnlyList<ProductDto>>> Search(
        [FromQuery] string? category,
        [FromQuery] string? term,
        [FromQuery] int page = 1,
        CancellationToken ct = default)
    {
        if (page < 1) page = 1;

        var search = new ProductSearch
        {
            Category = category ?? "all",
            Term = term?.Trim() ?? string.Empty,
            Page = page,
            PageSize = 25
        };

        var results = await _products.SearchAsync(search, ct);
        _logger.LogDebug("Search returned {Count} products", results.Count);

        return Ok(results.Select(p => new ProductDto(p.Id, p.Name, p.Price, p.Category)).ToList());
    }
}

public sealed record ProductDto(int Id, string Name, decimal Price, string Category);

public sealed class ProductSearch
{
    public string Category { get; init; } = "all";
    public string Term { get; init; } = string.Empty;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
}
