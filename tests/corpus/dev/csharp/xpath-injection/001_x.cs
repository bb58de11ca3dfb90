using System.Xml.XPath;
using Microsoft.AspNetCore.Mvc;

namespace Catalog.Feeds.Controllers;

public enum Warehouse
{
    Main,
    North,
    South
}

[ApiController]
[Route("api/feed")]
public sealed class SupplierFeedController : ControllerBase
{
    private readonly ISupplierFeedCache _feeds;

    public SupplierFeedController(ISupplierFeedCache feeds) => _feeds = feeds;

    // Price look-up against the supplier's nightly XML feed.
    // GET api/feed/price?sku=123456&warehouse=north
    [HttpGet("price")]
    public IActionResult Price([FromQuery] string sku, [FromQuery] string warehouse = "main")
    {
        // Supplier SKUs are purely numeric.
        if (!long.TryParse(sku, out var skuNumber) || skuNumber <= 0)
            return BadRequest(new { message = "sku must be numeric" });

        if (!Enum.TryParse<Warehouse>(warehouse, ignoreCase: true, out var site) || !Enum.IsDefined(site))
            return BadRequest(new { message = "unknown warehouse" });

        var warehouseCode = site.ToString().ToLowerInvariant();
        XPathNavigator nav = _feeds.Current.CreateNavigator();

        var expression = $"string(/feed/item[sku='{skuNumber}']/stock[@warehouse='{warehouseCode}']/price)";
        var price = (string)nav.Evaluate(expression);

        if (string.IsNullOrEmpty(price))
            return NotFound();

        var inStock = (double)nav.Evaluate(
            $"number(/feed/item[sku='{skuNumber}']/stock[@warehouse='{warehouseCode}']/@qty)");

        return Ok(new { sku = skuNumber, warehouse = warehouseCode, price = decimal.Parse(price), inStock = double.IsNaN(inStock) ? 0 : (int)inStock });
    }
}

public interface ISupplierFeedCache
{
    XPathDocument Current { get; }
}
