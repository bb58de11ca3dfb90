using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Reporting.Api.Controllers;

public sealed class ReportLayout
{
    public string Title { get; set; } = "";
    public List<string> Columns { get; set; } = new();
    public Dictionary<string, string> Filters { get; set; } = new();
    public int PageSize { get; set; } = 50;
}

[ApiController]
[Authorize]
[Route("api/reports/layouts")]
public sealed class ReportLayoutsController : ControllerBase
{
    private static readonly JsonSerializerOptions LayoutJson = new(JsonSerializerDefaults.Web)
    {
        MaxDepth = 16
    };

    private readonly ILayoutStore _store;

    public ReportLayoutsController(ILayoutStore store) => _store = store;

    // The report designer exports layouts as .rlayout (JSON) files; users upload them here.
    [HttpPost("import")]
    [RequestSizeLimit(1_000_000)]
    public async Task<IActionResult> Import(IFormFile layoutFile, CancellationToken ct)
    {
        if (layoutFile is null || layoutFile.Length == 0)
            return BadRequest("no file");

        ReportLayout? layout;
        await using (var stream = layoutFile.OpenReadStream())
        {
            try
            {
                layout = await JsonSerializer.DeserializeAsync<ReportLayout>(stream, LayoutJson, ct);
            }
            catch (JsonException)
            {
                return UnprocessableEntity("not a valid layout file");
            }
        }

        if (layout is null || layout.Columns.Count == 0)
            return UnprocessableEntity("layout has no columns");

        var id = await _store.SaveAsync(User.Identity!.Name!, layout, ct);
        return CreatedAtAction(nameof(Get), new { id }, new { id, layout.Title });
    }

    [HttpGet("{id:guid}")]
    public async Task<ActionResult<ReportLayout>> Get(Guid id, CancellationToken ct)
    {
        var layout = await _store.FindAsync(User.Identity!.Name!, id, ct);
        return layout is null ? NotFound() : Ok(layout);
    }
}

public interface ILayoutStore
{
    Task<Guid> SaveAsync(string owner, ReportLayout layout, CancellationToken ct);
    Task<ReportLayout?> FindAsync(string owner, Guid id, CancellationToken ct);
}
