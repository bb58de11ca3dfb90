using System.IO;
using System.Threading.Tasks;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/import")]
public class ImportController : ControllerBase
{
    [HttpPost("xml")]
    public IActionResult ImportXml([FromBody] string xml)
    {
        var doc = new XmlDocument();
        // ruleid: cs-xxe-xmlresolver
        doc.XmlResolver = new XmlUrlResolver();
        doc.LoadXml(xml);
        return Ok(doc.DocumentElement?.Name);
    }

    [HttpPost("xml-safe")]
    public IActionResult ImportXmlSafe([FromBody] string xml)
    {
        // ok: cs-xxe-xmlresolver
        var doc = new XmlDocument { XmlResolver = null };
        doc.LoadXml(xml);
        return Ok(doc.DocumentElement?.Name);
    }

    [HttpPost("feed")]
    public IActionResult ImportFeed(IFormFile file)
    {
        var settings = new XmlReaderSettings
        {
            // ruleid: cs-xxe-dtdprocessing
            DtdProcessing = DtdProcessing.Parse,
            // ruleid: cs-xxe-xmlresolver
            XmlResolver = new XmlUrlResolver(),
        };
        using var reader = XmlReader.Create(file.OpenReadStream(), settings);
        var doc = new XmlDocument();
        doc.Load(reader);
        return Ok(doc.DocumentElement?.Name);
    }

    [HttpPost("feed-safe")]
    public IActionResult ImportFeedSafe(IFormFile file)
    {
        var settings = new XmlReaderSettings
        {
            // ok: cs-xxe-dtdprocessing
            DtdProcessing = DtdProcessing.Prohibit,
            // ok: cs-xxe-xmlresolver
            XmlResolver = null,
        };
        using var reader = XmlReader.Create(file.OpenReadStream(), settings);
        var doc = new XmlDocument();
        doc.Load(reader);
        return Ok(doc.DocumentElement?.Name);
    }
}

public static class SoapEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/soap", async (HttpRequest request) =>
        {
            var settings = new XmlReaderSettings();
            // ruleid: cs-xxe-dtdprocessing
            settings.DtdProcessing = DtdProcessing.Parse;
            using var reader = XmlReader.Create(request.Body, settings);
            while (await reader.ReadAsync()) { }
            return Results.Ok();
        });

        app.MapPost("/soap-safe", async (HttpRequest request) =>
        {
            var settings = new XmlReaderSettings();
            // ok: cs-xxe-dtdprocessing
            settings.DtdProcessing = DtdProcessing.Ignore;
            using var reader = XmlReader.Create(request.Body, settings);
            while (await reader.ReadAsync()) { }
            return Results.Ok();
        });
    }
}
