using System.DirectoryServices;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Directory.Controllers;

public sealed record EmployeeCard(string DisplayName, string Title, string Department, string Phone);

[ApiController]
[Authorize]
[Route("api/people")]
public sealed class PeopleController : ControllerBase
{
    private readonly IConfiguration _config;

    public PeopleController(IConfiguration config) => _config = config;

    // Used by the staff directory search box.
    [HttpGet("lookup")]
    public ActionResult<IEnumerable<EmployeeCard>> Lookup([FromQuery] string surname, [FromQuery] string? department)
    {
        if (string.IsNullOrWhiteSpace(surname) || surname.Length > 64)
            return BadRequest();

        using var root = new DirectoryEntry(_config["Directory:SearchRoot"]);

        var filter = $"(&(objectCategory=person)(objectClass=user)(sn={EscapeFilterValue(surname)}*)";
        if (!string.IsNullOrEmpty(department))
            filter += $"(department={EscapeFilterValue(department)})";
        filter += ")";

        using var searcher = new DirectorySearcher(root)
        {
            Filter = filter,
            SizeLimit = 50,
            PropertiesToLoad = { "displayName", "title", "department", "telephoneNumber" }
        };

        var cards = new List<EmployeeCard>();
        using var results = searcher.FindAll();
        foreach (SearchResult result in results)
        {
            cards.Add(new EmployeeCard(
                Read(result, "displayName"),
                Read(result, "title"),
                Read(result, "department"),
                Read(result, "telephoneNumber")));
        }

        return Ok(cards);
    }

    // RFC 4515 section 3: encode the characters that carry meaning inside a filter value.
    private static string EscapeFilterValue(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var ch in value)
        {
            switch (ch)
            {
                case '\\': sb.Append(@"\5c"); break;
                case '*': sb.Append(@"\2a"); break;
                case '(': sb.Append(@"\28"); break;
                case ')': sb.Append(@"\29"); break;
                case '\0': sb.Append(@"\00"); break;
                default: sb.Append(ch); break;
            }
        }
        return sb.ToString();
    }

    private static string Read(SearchResult result, string property) =>
        result.Properties[property] is { Count: > 0 } values ? values[0]?.ToString() ?? "" : "";
}
