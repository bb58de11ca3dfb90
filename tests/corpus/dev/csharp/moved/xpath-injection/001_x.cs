using System.Xml;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;

namespace Legacy.Licensing.Controllers;

[ApiController]
[Route("api/licenses")]
public sealed class LicenseController : ControllerBase
{
    private readonly IMemoryCache _cache;
    private readonly IWebHostEnvironment _env;

    public LicenseController(IMemoryCache cache, IWebHostEnvironment env)
    {
        _cache = cache;
        _env = env;
    }

    // Old desktop clients call this on startup to check whether their seat is still active.
    [HttpGet("status")]
    public IActionResult Status([FromQuery] string customer, [FromQuery] string key)
    {
        if (string.IsNullOrEmpty(customer) || string.IsNullOrEmpty(key))
            return BadRequest();

        var doc = LoadLicenses();
        var node = doc.SelectSingleNode(
            $"/licenses/license[@customer='{customer}' and @key='{key}']");

        if (node is null)
            return NotFound(new { active = false });

        return Ok(new
        {
            active = node.Attributes?["state"]?.Value == "active",
            seats = int.Parse(node.Attributes?["seats"]?.Value ?? "0"),
            expires = node.Attributes?["expires"]?.Value
        });
    }

    private XmlDocument LoadLicenses() =>
        _cache.GetOrCreate("licenses.xml", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            var doc = new XmlDocument { XmlResolver = null };
            doc.Load(Path.Combine(_env.ContentRootPath, "App_Data", "licenses.xml"));
            return doc;
        })!;
}
