using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.XPath;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/catalog")]
public class CatalogController : ControllerBase
{
    private readonly XmlDocument _users;
    private readonly XDocument _catalog;

    public CatalogController(XmlDocument users, XDocument catalog)
    {
        _users = users;
        _catalog = catalog;
    }

    [HttpPost("login")]
    public IActionResult Login([FromForm] string user, [FromForm] string pass)
    {
        // ruleid: cs-xpath-injection
        var node = _users.SelectSingleNode("//user[@name='" + user + "' and @password='" + pass + "']");
        return node == null ? Unauthorized() : Ok();
    }

    [HttpPost("login-linq")]
    public IActionResult LoginLinq([FromForm] string user)
    {
        var doc = XDocument.Parse(_users.OuterXml);
        // ok: cs-xpath-injection
        var match = doc.Descendants("user").FirstOrDefault(u => (string)u.Attribute("name") == user);
        return match == null ? Unauthorized() : Ok();
    }

    [HttpGet("books")]
    public IActionResult Books([FromQuery] string author)
    {
        // ruleid: cs-xpath-injection
        var books = _catalog.XPathSelectElements($"//book[author='{author}']");
        return Ok(books.Count());
    }

    [HttpGet("books-checked")]
    public IActionResult BooksChecked([FromQuery] string author)
    {
        if (!Regex.IsMatch(author, "^[A-Za-z ]{1,64}$"))
        {
            return BadRequest();
        }
        // ok: cs-xpath-injection
        var books = _catalog.XPathSelectElements($"//book[author='{author}']");
        return Ok(books.Count());
    }

    [HttpGet("all")]
    public IActionResult All()
    {
        // ok: cs-xpath-injection
        var nodes = _users.SelectNodes("//user[@active='true']");
        return Ok(nodes.Count);
    }

    [HttpGet("price")]
    public IActionResult Price(string title)
    {
        var nav = _users.CreateNavigator();
        // ruleid: cs-xpath-injection
        var it = nav.Select("//book[title='" + title + "']/price");
        return Ok(it.Count);
    }
}

public class CatalogueController : ControllerBase
{
    private static readonly Regex Sku = new Regex("^[A-Z0-9]{4,12}$");

    [HttpGet("item")]
    public IActionResult Item([FromQuery] string sku, [FromQuery] string region)
    {
        var doc = new XmlDocument();
        if (sku == null || !Sku.IsMatch(sku) || !Regex.IsMatch(region, "^[a-z]{2}$"))
            return BadRequest();
        // ok: cs-xpath-injection
        var node = doc.SelectSingleNode("//item[@sku='" + sku + "' and @region='" + region + "']");
        return Ok(node?.InnerText);
    }

    [HttpGet("item2")]
    public IActionResult ItemEither([FromQuery] string sku, [FromQuery] string region)
    {
        var doc = new XmlDocument();
        // rejects only when both fail, so either may still be anything
        if (!Sku.IsMatch(sku) && !Sku.IsMatch(region))
            return BadRequest();
        // ruleid: cs-xpath-injection
        var node = doc.SelectSingleNode("//item[@sku='" + sku + "']");
        return Ok(node?.InnerText);
    }
}
