using System.Xml.XPath;
using Microsoft.AspNetCore.Mvc;

namespace Warehouse.Api.Controllers;

public enum Region
{
    Emea,
    Americas,
    Apac,
}

public sealed record StockQuery(Region Region, string Sku);

public sealed record StockLevel(string Sku, string Site, int OnHand, int Reserved);

[ApiController]
[Route("api/stock")]
public sealed class StockController : ControllerBase
{
    private readonly XPathDocument _inventory;

    public StockController(XPathDocument inventory)
    {
        // inventory.xml is exported every 10 minutes by the WMS and loaded once per refresh
        _inventory = inventory;
    }

    // GET /api/stock?region=emea&sku=CHR-1042-BLK
    [HttpGet]
    public ActionResult<IReadOnlyList<StockLevel>> Get([FromQuery] string region, [FromQuery] string sku)
    {
        if (!Enum.TryParse<Region>(region, ignoreCase: true, out var parsedRegion))
        {
            return BadRequest(new { error = "Unknown region." });
        }

        if (string.IsNullOrWhiteSpace(sku))
        {
            return BadRequest(new { error = "sku is required." });
        }

        var query = new StockQuery(parsedRegion, sku.Trim().ToUpperInvariant());
        return Ok(Lookup(query));
    }

    private IReadOnlyList<StockLevel> Lookup(StockQuery query)
    {
        var navigator = _inventory.CreateNavigator();
        var expression = BuildExpression(query);

        var results = new List<StockLevel>();
        foreach (XPathNavigator item in navigator.Select(expression))
        {
            results.Add(new StockLevel(
                item.GetAttribute("sku", string.Empty),
                item.SelectSingleNode("ancestor::site/@code")?.Value ?? "",
                item.SelectSingleNode("onHand")?.ValueAsInt ?? 0,
                item.SelectSingleNode("reserved")?.ValueAsInt ?? 0));
        }

        return results;
    }

    private static string BuildExpression(StockQuery query)
    {
        var region = query.Region.ToString().ToLowerInvariant();
        return $"/inventory/region[@name='{region}']/site/item[@sku='{query.Sku}' and @public='true']";
    }
}
