using System.Xml.XPath;
using Microsoft.AspNetCore.Mvc;

namespace Catalog.Feeds.Controllers;

[ApiController]
[Route("api/feed")]
public sealed class SupplierFeedController : ControllerBase
{
    private readonly ISupplierFeedCache _feeds;

    public SupplierFeedController(ISupplierFeedCache feeds) => _feeds = feeds;

    // Price look-up against the supplier's nightly XML feed.
    // GET api/feed/price?sku=AB-1234&warehouse=north
    [HttpGet("price")]
    public IActionResult Price([FromQuery] string sku, [FromQuery] string warehouse = "main")
    {
        XPathNavigator nav = _feeds.Current.CreateNavigator();

        var expression = $"string(/feed/item[sku='{sku}']/stock[@warehouse='{warehouse}']/price)";
        var price = (string)nav.Evaluate(expression);

        if (string.IsNullOrEmpty(price))
            return NotFound();

        var inStock = (double)nav.Evaluate(
            $"number(/feed/item[sku='{sku}']/stock[@warehouse='{warehouse}']/@qty)");

        return Ok(new { sku, warehouse, price = decimal.Parse(price), inStock = double.IsNaN(inStock) ? 0 : (int)inStock });
    }
}

public interface ISupplierFeedCache
{
    XPathDocument Current { get; }
}
