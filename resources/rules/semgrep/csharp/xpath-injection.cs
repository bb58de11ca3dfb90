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
